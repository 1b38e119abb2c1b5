// The customer's page, live: keeps the "now" tile (<section class="now" data-live="…">) current
// from the meter's WebSocket (GET /meters/{id}/live, signed in by the page's cookie). A file of
// its own so that the page's Content-Security-Policy allows scripts and connections from this
// origin only. Without it, or on a page without the tile, the page shows what the server rendered.
//
// The tile's fields are its elements with data-live-field="time|powerKw|todayKwh|todayCost";
// data-currency (ISO 4217) formats money, data-time-zone (optional, IANA) the time. The tile's
// data-live-state says where the socket is: connecting, open, reconnecting or closed.
(() => {
  const tile = document.querySelector('section.now[data-live]');
  if (tile === null || typeof WebSocket !== 'function') return;

  const FIRST_RETRY_MS = 1000;
  const LONGEST_RETRY_MS = 60_000;
  // Keeps proxies from closing an idle socket; the runtime answers without waking the meter.
  const PING_EVERY_MS = 30_000;
  const PING = '{"type":"ping"}';
  // Closed for good: the token was revoked or has ended (1008), or the meter was erased (4410).
  const FINAL_CLOSE_CODES = new Set([1008, 4410]);

  const locale = document.documentElement.lang || undefined;
  const timeZone = tile.dataset.timeZone || undefined;
  const currency = tile.dataset.currency;
  const money = currency ? new Intl.NumberFormat(locale, { style: 'currency', currency }) : null;
  const clock = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  });

  /** `0.42 kW`, `12.3 kWh`: two decimals below 10, one above (as the server renders kWh). */
  const quantity = (value, unit) => `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} ${unit}`;

  /** `14:05` today, `Mon 30 Nov 14:05` on another day. */
  function timeText(epochSeconds) {
    const at = new Date(epochSeconds * 1000);
    const today = day.format(at) === day.format(new Date());
    return today ? clock.format(at) : `${day.format(at)} ${clock.format(at)}`;
  }

  const FORMATS = {
    time: timeText,
    powerKw: (kw) => quantity(kw, 'kW'),
    todayKwh: (kwh) => quantity(kwh, 'kWh'),
    todayCost: (cost) => (money ? money.format(cost) : cost.toFixed(2)),
  };

  function show(message) {
    for (const field of tile.querySelectorAll('[data-live-field]')) {
      const name = field.dataset.liveField;
      if (!Object.hasOwn(FORMATS, name)) continue;
      const value = message[name];
      field.textContent = typeof value === 'number' ? FORMATS[name](value) : '–';
      if (field instanceof HTMLTimeElement && name === 'time' && typeof value === 'number') {
        field.dateTime = new Date(value * 1000).toISOString();
      }
    }
  }

  let retries = 0;

  function connect() {
    const url = new URL(tile.dataset.live, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    tile.dataset.liveState = 'connecting';
    const socket = new WebSocket(url);
    let pinging;
    socket.addEventListener('open', () => {
      pinging = setInterval(() => socket.send(PING), PING_EVERY_MS);
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type !== 'snapshot' && message.type !== 'update') return;
      retries = 0;
      tile.dataset.liveState = 'open';
      show(message);
    });
    socket.addEventListener('close', (event) => {
      clearInterval(pinging);
      if (FINAL_CLOSE_CODES.has(event.code)) {
        tile.dataset.liveState = 'closed';
        return;
      }
      // Doubling waits, each drawn between half and all of it, so that pages cut off together
      // (a deploy, a network change) do not all come back at once.
      const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** retries);
      retries += 1;
      tile.dataset.liveState = 'reconnecting';
      setTimeout(connect, wait * (0.5 + Math.random() / 2));
    });
  }

  connect();
})();
