// Framewire's dashboard: reads /api/stream (Server-Sent Events, one snapshot a second) through
// fetch, so that a bearer token can go in the Authorization header. No external libraries.
// Everything shown comes from the network and is set as text, never as HTML.
(() => {
  'use strict';
  const HISTORY = 60;  // seconds of chart
  const state = { token: sessionStorage.getItem('framewire.token'), actions: false, tail: false,
    history: new Map(), tailTimer: null, updates: 0 };

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function headers() {
    return state.token ? { Authorization: 'Bearer ' + state.token } : {};
  }

  function setStatus(text, cls) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status ' + (cls || '');
  }

  function askToken() {
    setStatus('token needed', 'down');
    $('token-form').hidden = false;
    $('token').focus();
  }

  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.token = $('token').value;
    sessionStorage.setItem('framewire.token', state.token);
    $('token-form').hidden = true;
    connect();
  });

  // ---- the stream ----------------------------------------------------------------------------

  let reconnect = null;
  async function connect() {
    clearTimeout(reconnect);
    try {
      const response = await fetch('api/stream', { headers: headers(), cache: 'no-store' });
      if (response.status === 401) { askToken(); return; }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      setStatus('live', 'live');
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data) render(JSON.parse(data));
        }
      }
      throw new Error('stream ended');
    } catch (e) {
      setStatus('disconnected (' + e.message + '), retrying…', 'down');
      reconnect = setTimeout(connect, 2000);
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  function render(s) {
    state.actions = s.actions;
    state.tail = s.tail;
    renderListeners(s.listeners);
    renderConnections(s.connections, s.connectionsOpen, s.time);
    renderTailChoices(s.listeners);
    state.updates++;
    document.body.dataset.updates = String(state.updates);
  }

  function renderListeners(listeners) {
    const root = $('listeners');
    for (const l of listeners) {
      let card = root.querySelector(`[data-listener="${CSS.escape(l.name)}"]`);
      if (!card) {
        card = el('article', { class: 'card', 'data-listener': l.name });
        card.append(el('h2', {}, l.name),
          el('div', { class: 'meta' }, `${l.protocol.toUpperCase()} ${l.address} · framing ${l.framing} · codec ${l.codec}`),
          el('div', { class: 'meta open' }),
          el('canvas', { width: 600, height: 180 }));
        const legend = el('div', { class: 'legend' });
        legend.append(el('span', { class: 'in' }), el('span', { class: 'out' }), el('span', { class: 'err' }));
        card.append(legend);
        root.append(card);
      }
      const h = state.history.get(l.name) || [];
      h.push([l.rates.framesIn, l.rates.framesOut, l.rates.errors]);
      if (h.length > HISTORY) h.shift();
      state.history.set(l.name, h);
      // the latest figures, for people and for tests
      card.dataset.rateIn = l.rates.framesIn;
      card.dataset.rateOut = l.rates.framesOut;
      card.dataset.rateErrors = l.rates.errors;
      card.dataset.open = l.open === null ? '' : l.open;
      card.querySelector('.open').textContent = l.open === null
        ? `no connections (UDP) · ${l.totals.framesIn} frames in, ${l.totals.framesOut} out`
        : `${l.open} open connection${l.open === 1 ? '' : 's'} · ${l.totals.framesIn} frames in, ${l.totals.framesOut} out`;
      const [inS, outS, errS] = card.querySelectorAll('.legend span');
      inS.textContent = `in ${fmt(l.rates.framesIn)}/s`;
      outS.textContent = `out ${fmt(l.rates.framesOut)}/s`;
      errS.textContent = `errors ${fmt(l.rates.errors)}/s`;
      draw(card.querySelector('canvas'), h);
    }
  }

  function draw(canvas, points) {
    const g = canvas.getContext('2d');
    const w = canvas.width, ht = canvas.height, pad = 4;
    g.clearRect(0, 0, w, ht);
    let max = 1;
    for (const p of points) max = Math.max(max, ...p);
    g.strokeStyle = '#d8dde3';
    g.lineWidth = 1;
    g.beginPath(); g.moveTo(0, ht - pad); g.lineTo(w, ht - pad); g.stroke();
    g.fillStyle = '#6a737d';
    g.font = '20px system-ui, sans-serif';
    g.fillText(fmt(max) + '/s', 6, 22);
    const colors = ['#2f7ed8', '#2ca02c', '#d62728'];
    for (let k = 0; k < 3; k++) {
      g.strokeStyle = colors[k];
      g.lineWidth = 3;
      g.setLineDash(k === 1 ? [10, 6] : []);  // out dashed: an echo's in and out lie on each other
      g.beginPath();
      points.forEach((p, i) => {
        const x = w - (points.length - 1 - i) * (w / (HISTORY - 1));
        const y = ht - pad - (p[k] / max) * (ht - 2 * pad - 24);
        if (i === 0) g.moveTo(points.length === 1 ? x - 8 : x, y);  // one sample: a short stroke
        if (i > 0 || points.length === 1) g.lineTo(x, y);
      });
      g.stroke();
    }
  }

  function renderConnections(connections, open, now) {
    const body = $('connections').tBodies[0];
    const rows = new Map([...body.rows].map((r) => [r.dataset.connectionId, r]));
    for (const c of connections) {
      let row = rows.get(c.id);
      if (!row) {
        row = el('tr', { 'data-connection-id': c.id, 'data-listener': c.listener });
        row.append(el('td', {}, c.listener), el('td', {}, c.remote));
        for (let i = 0; i < 5; i++) row.append(el('td', { class: 'num' }));
        const action = el('td', { class: 'action' });
        const button = el('button', { class: 'close', type: 'button', title: 'Close this connection' }, 'Close');
        button.addEventListener('click', () => closeConnection(c.id, button));
        action.append(button);
        row.append(action);
        body.append(row);
      }
      rows.delete(c.id);
      const cells = row.cells;
      cells[2].textContent = age(now - c.openedAt);
      cells[3].textContent = c.framesIn;
      cells[4].textContent = c.framesOut;
      cells[5].textContent = bytes(c.bytesIn);
      cells[6].textContent = bytes(c.bytesOut);
      cells[7].querySelector('button').hidden = !state.actions;
    }
    for (const gone of rows.values()) gone.remove();
    $('connection-count').textContent = connections.length < open ? `(${connections.length} of ${open} shown)` : `(${open})`;
    $('no-connections').hidden = open > 0;
  }

  async function closeConnection(id, button) {
    button.disabled = true;
    const response = await fetch('api/connections/' + encodeURIComponent(id) + '/close',
      { method: 'POST', headers: headers() });
    if (!response.ok) {
      button.disabled = false;
      const body = await response.json().catch(() => ({}));
      button.title = body.error || ('HTTP ' + response.status);
    }
  }

  // ---- the tail ------------------------------------------------------------------------------

  function renderTailChoices(listeners) {
    $('tail-panel').hidden = !state.tail;
    if (!state.tail) return;
    const select = $('tail-listener');
    for (const l of listeners) {
      if (![...select.options].some((o) => o.value === l.name)) select.append(el('option', { value: l.name }, l.name));
    }
  }

  $('tail-listener').addEventListener('change', () => { clearTimeout(state.tailTimer); pollTail(); });
  document.querySelectorAll('input[name="tail-as"]').forEach((r) => r.addEventListener('change', () => pollTail()));

  async function pollTail() {
    clearTimeout(state.tailTimer);
    const name = $('tail-listener').value;
    const list = $('tail');
    if (!name) { list.replaceChildren(); return; }
    try {
      const response = await fetch('api/listeners/' + encodeURIComponent(name) + '/tail', { headers: headers() });
      const body = await response.json();
      if (!response.ok) {
        list.replaceChildren(el('li', {}, body.error || ('HTTP ' + response.status)));
        return;
      }
      const asHex = document.querySelector('input[name="tail-as"]:checked').value === 'hex';
      list.replaceChildren(...body.frames.slice().reverse().map((f) => {
        const li = el('li');
        const cut = f.length > f.hex.length / 2 ? ` … (${f.length} bytes)` : '';
        li.append(el('span', { class: 'from' }, `${new Date(f.time).toLocaleTimeString()} ${f.remote}`),
          document.createTextNode((asHex ? spacedHex(f.hex) : text(f.hex)) + cut));
        return li;
      }));
    } catch (e) {
      list.replaceChildren(el('li', {}, 'tail unavailable: ' + e.message));
    }
    state.tailTimer = setTimeout(pollTail, 1000);
  }

  function text(hex) {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
    // control characters shown as visible escapes; bad UTF-8 as U+FFFD
    return new TextDecoder('utf-8').decode(bytes).replace(/[\u0000-\u001f\u007f]/g,
      (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' }[c] || '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')));
  }

  function spacedHex(hex) {
    return hex.replace(/(..)(?!$)/g, '$1 ');
  }

  // ---- formats -------------------------------------------------------------------------------

  function fmt(n) {
    return n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : n >= 1e4 ? (n / 1e3).toFixed(1) + 'k' : String(Math.round(n * 10) / 10);
  }

  function bytes(n) {
    return n >= 1 << 30 ? (n / (1 << 30)).toFixed(1) + ' GiB' : n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + ' MiB'
      : n >= 1 << 10 ? (n / (1 << 10)).toFixed(1) + ' KiB' : n + ' B';
  }

  function age(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min ' + (s % 60) + ' s'
      : Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  connect();
})();
