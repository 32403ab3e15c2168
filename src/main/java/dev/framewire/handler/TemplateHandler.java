package dev.framewire.handler;

import dev.framewire.api.FrameHandlerVerticle;
import dev.framewire.api.Frame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers every frame with a text built from a template: the reply for delivery {@code request},
 * a push for {@code send}/{@code publish}.
 *
 * <p>Config keys:
 * <pre>
 *   address   event-bus address to consume                      required
 *   template  the answer, with placeholders                     "{text}"
 * </pre>
 * Placeholders:
 * <pre>
 *   {text}      the body as text: a String as is, a Buffer decoded as UTF-8,
 *               a JsonObject/JsonArray encoded as compact JSON, null as ""
 *   {listener}  header fw.listener     "lines"
 *   {remote}    header fw.remote       "127.0.0.1:53422"
 *   {conn}      header fw.conn         "k3xq9.lines.0.17"
 * </pre>
 * A missing header fills in as "". Anything else in braces is left as is:
 * <pre>
 *   template  "[{listener} {remote}] you said: {text} {unknown} {{text}}"
 *   frame     "hi" from 127.0.0.1:53422 on listener "lines"
 *   answer    "[lines 127.0.0.1:53422] you said: hi {unknown} {hi}"
 * </pre>
 * The template is split into parts once, at deployment; a frame costs one StringBuilder.
 */
public final class TemplateHandler extends FrameHandlerVerticle {
  public static final String DEFAULT_TEMPLATE = "{text}";

  private enum Placeholder {
    TEXT("{text}"), LISTENER("{listener}"), REMOTE("{remote}"), CONN("{conn}");

    final String token;

    Placeholder(String token) { this.token = token; }
  }

  /** Literal {@code String}s and {@link Placeholder}s, in template order. */
  private Object[] parts;
  private int literalLength;

  @Override
  protected Future<?> setUp() {
    Object template = config().getValue("template", DEFAULT_TEMPLATE);
    if (!(template instanceof String)) {
      return Future.failedFuture(new IllegalArgumentException("template handler " + address()
          + ": template must be a string (was " + template + ")"));
    }
    parts = parse((String) template);
    for (Object part : parts) {
      if (part instanceof String literal) {
        literalLength += literal.length();
      }
    }
    return Future.succeededFuture();
  }

  static Object[] parse(String template) {
    List<Object> parts = new ArrayList<>();
    int literalStart = 0;
    int i = template.indexOf('{');
    while (i >= 0) {
      Placeholder match = null;
      for (Placeholder p : Placeholder.values()) {
        if (template.startsWith(p.token, i)) {
          match = p;
          break;
        }
      }
      if (match == null) {
        i = template.indexOf('{', i + 1);
        continue;
      }
      if (i > literalStart) {
        parts.add(template.substring(literalStart, i));
      }
      parts.add(match);
      literalStart = i + match.token.length();
      i = template.indexOf('{', literalStart);
    }
    if (literalStart < template.length()) {
      parts.add(template.substring(literalStart));
    }
    return parts.toArray();
  }

  @Override
  protected void handle(Frame frame) {
    String text = text(frame.body());
    StringBuilder out = new StringBuilder(literalLength + text.length() + 32);
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
      } else {
        switch ((Placeholder) part) {
          case TEXT -> out.append(text);
          case LISTENER -> appendHeader(out, frame.listener());
          case REMOTE -> appendHeader(out, frame.remote());
          case CONN -> appendHeader(out, frame.connectionId());
        }
      }
    }
    String answer = out.toString();
    if (frame.expectsReply()) {
      frame.reply(answer);
    } else {
      frame.push(answer);
    }
  }

  private static void appendHeader(StringBuilder out, String value) {
    if (value != null) {
      out.append(value);
    }
  }

  static String text(Object body) {
    if (body == null) {
      return "";
    } else if (body instanceof String s) {
      return s;
    } else if (body instanceof Buffer b) {
      return b.toString(StandardCharsets.UTF_8);
    } else if (body instanceof JsonObject o) {
      return o.encode();
    } else if (body instanceof JsonArray a) {
      return a.encode();
    }
    return String.valueOf(body);
  }
}
