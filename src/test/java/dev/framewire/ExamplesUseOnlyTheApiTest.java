package dev.framewire;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The example handler (examples/uppercase-handler) is written against {@code dev.framewire.api} alone. */
class ExamplesUseOnlyTheApiTest {
  @Test
  void theExampleHandlerImportsNothingButTheApi() {
    JavaClasses examples = new ClassFileImporter().importPackages("com.example");
    org.assertj.core.api.Assertions.assertThat(examples).isNotEmpty();
    classes().should().onlyDependOnClassesThat()
        .resideInAnyPackage("com.example..", "dev.framewire.api..", "io.vertx..", "java..")
        .check(examples);
  }
}
