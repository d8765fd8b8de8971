// Live figures while dragging, and the figure kept in view: enhancements only. Without this file a
// slider updates the panel when it is released (activities.js) and a click on the figure places what
// it places; nothing here is needed for the activity to work.
//
// While a slider moves (pointer or arrow keys), or a pointer drags on a figure whose click layer says
// data-drag="x y", only the still PNG of the new state is asked for: its URL is the current figure's
// (the canonical query) with the form's values for the same names (and motion=off for an animated
// kind, whose still is a different image). At most one image
// is loading at a time; a state that arrives meanwhile waits as "next" and replaces any older waiting
// one (superseded states are never requested). An image is shown only once decoded, so the figure
// never flashes. On release the panel is swapped once by the form's htmx request (debounced there).
//
// A number typed in a field (change) takes the same path at once, before the panel's request: the
// still of the new state is painted as soon as it is decoded, then the panel is asked for; for a kind
// that never animates it carries the very same URL (numbers are written as the server writes them),
// so its swap finds the image decoded in the browser's memory cache instead of asking again. An
// animated kind paints its still first; its panel then plays the animation.
//
// Every figure URL this file sets goes through showFigure: the <picture>'s <source>s and its <img>.
(function () {
  "use strict";

  const PANEL = ".activity";
  const PLOT = "img.activity__plot";
  const SLIDER = ".activity__slider";
  const HIT = ".activity__hit";
  const SKIP = new Set(["scale", "motion", "play"]); // not state: the still and its size are set here
  const loaders = new WeakMap(); // panel -> {busy, next, shown, ahead, waiters}

  // A number as the server writes it in a canonical query (activities/engine/params.py, format_number):
  // 6 significant digits, shortest form, Python's exponent form (1e-08) below 1e-4 and from 1e16.
  // Text that is not a number is left as typed (a choice's value).
  function canonical(text) {
    const value = Number(text.replace(/\u2212/g, "-"));
    if (text === "" || !Number.isFinite(value)) return text;
    const rounded = Number(value.toPrecision(6));
    if (rounded === 0) return "0";
    const size = Math.abs(rounded);
    if (Number.isInteger(rounded) && size < 1e15) return String(rounded);
    if (size >= 1e-4 && size < 1e16) return String(rounded) + (Number.isInteger(rounded) ? ".0" : "");
    const parts = rounded.toExponential().split("e");
    const power = Number(parts[1]);
    return parts[0] + "e" + (power < 0 ? "-" : "+") + String(Math.abs(power)).padStart(2, "0");
  }

  function stillUrl(panel, form) {
    const plot = panel.querySelector(PLOT);
    if (!plot || !form) return null;
    const url = new URL(plot.getAttribute("src"), document.baseURI);
    const query = new URLSearchParams();
    url.searchParams.forEach(function (value, name) {
      if (SKIP.has(name)) return;
      const field = form.elements.namedItem(name);
      const own = field && typeof field.value === "string" ? field.value.trim() : null;
      query.set(name, own !== null && own !== "" ? canonical(own) : value);
    });
    // A particle's x and y, absent from a state without one, come from the form when both are filled.
    form.querySelectorAll("input[type=number][name]").forEach(function (field) {
      const own = field.value.trim();
      if (!url.searchParams.has(field.name) && own !== "") query.set(field.name, canonical(own));
    });
    // An animated kind's still is its own URL; any other kind's figure is already still, and the same
    // URL as the panel's, so the panel swapped on release finds it in the browser's cache.
    if (plot.hasAttribute("data-animated")) query.set("motion", "off");
    return url.pathname + "?" + query.toString();
  }

  // A figure at scales 1 and 2 on one of its two sheets: the phone sheet (size=phone, for the
  // <source data-sheet="phone"> a narrow screen shows) or the desk one.
  function srcset(url, phone) {
    const sheet = phone ? url + "&size=phone" : url;
    return sheet + " 1x, " + sheet + "&scale=2 2x";
  }

  // The one place a figure's URL is set: the <img> and every <source> of its <picture> show the still
  // at `url` (the one whose media matches is what the browser shows). `picture` is the panel's, or a
  // detached copy of it that loads the same file the panel will then show (preload).
  function showFigure(picture, url) {
    picture.querySelectorAll("source").forEach(function (source) {
      source.setAttribute("srcset", srcset(url, source.getAttribute("data-sheet") === "phone"));
    });
    const plot = picture.matches(PLOT) ? picture : picture.querySelector(PLOT);
    plot.setAttribute("srcset", srcset(url, false));
    plot.setAttribute("src", url);
  }

  // The panel's <picture> (or its plot alone, where there is none).
  function pictureOf(panel) {
    const plot = panel.querySelector(PLOT);
    if (!plot) return null;
    return plot.parentElement && plot.parentElement.matches("picture") ? plot.parentElement : plot;
  }

  // The still at `url` loaded and decoded off-screen, by a detached copy of the panel's picture (so
  // the browser picks the same candidate it will pick on screen): a promise, rejected for a 400.
  function preload(panel, url) {
    const picture = pictureOf(panel);
    if (!picture) return Promise.reject(new Error("no figure"));
    const copy = picture.cloneNode(true);
    const plot = copy.matches(PLOT) ? copy : copy.querySelector(PLOT);
    plot.removeAttribute("loading"); // a lazy image out of the document would never load
    plot.decoding = "async";
    showFigure(copy, url);
    return plot.decode();
  }

  function loader(panel) {
    const state = loaders.get(panel) || { busy: false, next: null, shown: null, ahead: null, waiters: [] };
    state.panel = panel;
    loaders.set(panel, state);
    return state;
  }

  // Those waiting for a figure are told once it is shown, refused or superseded (not while it is the
  // state queued next). A figure just shown is painted first: they are told after the next frame,
  // so work they start (a panel's swap) cannot hold the new figure off the screen.
  function settle(state, shown) {
    const told = [];
    state.waiters = state.waiters.filter(function (waiter) {
      if (waiter.url === state.next) return true;
      told.push(waiter.resolve);
      return false;
    });
    if (!told.length) return;
    const tell = function () { told.forEach(function (resolve) { resolve(); }); };
    if (shown) window.requestAnimationFrame(function () { window.setTimeout(tell, 0); });
    else tell();
  }

  // Shows the still at `url` once decoded; a promise settled when it is shown, refused or superseded.
  function load(panel, url) {
    const state = loader(panel);
    const told = new Promise(function (resolve) { state.waiters.push({ url: url, resolve: resolve }); });
    if (url === state.shown) {
      settle(state);
      return told;
    }
    if (state.busy) {
      state.next = url; // replaces an older waiting state: that one is never requested
      return told;
    }
    state.busy = true;
    const done = function (ok) {
      state.busy = false;
      const picture = ok && document.contains(panel) ? pictureOf(panel) : null;
      if (picture) {
        state.shown = url;
        showFigure(picture, url);
        panel.setAttribute("data-activity-live", url);
      }
      if (state.next === url) state.next = null;
      settle(state, Boolean(picture));
      const next = state.next;
      state.next = null;
      if (next) load(panel, next);
      else if (state.ahead) fetchAhead(state);
    };
    preload(panel, url).then(
      function () { done(true); },
      function () { done(false); } // a refused state (400): the panel's request will say why
    );
    return told;
  }

  // While idle after an arrow key, the figure one more step the same way is asked for (one request,
  // never while another loads): the next press then finds it in the browser's cache.
  function fetchAhead(state) {
    const url = state.ahead;
    state.ahead = null;
    if (!url || url === state.shown || state.busy) return;
    state.busy = true;
    const done = function () {
      state.busy = false;
      const next = state.next;
      state.next = null;
      if (next) load(state.panel, next);
    };
    preload(state.panel, url).then(done, done);
  }

  let keyed = null; // the slider an arrow key moved last (cleared by a pointer)

  function aheadUrl(panel, slider) {
    const number = document.getElementById(slider.getAttribute("data-slider-for"));
    const step = Number(slider.step) || 1;
    const before = slider.getAttribute("data-live-last");
    const last = Number(before);
    const value = Number(slider.value);
    slider.setAttribute("data-live-last", slider.value);
    if (!number || before === null || !Number.isFinite(last) || last === value) return null;
    const further = value + Math.sign(value - last) * step;
    if (further < Number(slider.min) || further > Number(slider.max)) return null;
    const decimals = (String(slider.step).split(".")[1] || "").length;
    const text = further.toFixed(decimals);
    const saved = number.value;
    number.value = slider.hasAttribute("data-slider-log")
      ? String(Number(Math.pow(10, Number(text)).toPrecision(3)))
      : String(Number(text));
    const url = stillUrl(panel, slider.form);
    number.value = saved;
    return url;
  }

  function live(element) {
    const panel = element.closest(PANEL);
    const form = element.form || element.closest("form");
    const url = panel && stillUrl(panel, form);
    if (!url) return null;
    if (element.matches(SLIDER)) {
      const ahead = keyed === element ? aheadUrl(panel, element) : null;
      if (keyed !== element) element.setAttribute("data-live-last", element.value);
      loader(panel).ahead = ahead;
    }
    return load(panel, url);
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.matches && event.target.matches(SLIDER)) keyed = event.target;
  });
  document.addEventListener("pointerdown", function () { keyed = null; }, true);

  // After activities.js's own listener, which copies the slider's value into its number field.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(SLIDER)) live(event.target);
  });

  // A number typed in a field (change, or Enter): the figure first, then the panel. The still of the
  // new state is asked for at once, alone, and painted once decoded; the panel's own request (htmx,
  // activities.js) waits until it is shown, refused or superseded, so the two never load at once (one
  // figure request in flight, whatever the machine's load) and do not compete for the server. For a kind
  // that never animates the still is the very URL the panel carries, which its swap finds decoded in
  // the browser's memory cache; an animated kind's panel then plays its animation over the still. A
  // pair's field waits for the other (activities.js holds its request too).
  const typed = new WeakMap(); // form -> {field, shown: promise}: the figure a typed number asked for
  const sent = new WeakMap(); // panel -> how many requests its elements have sent (a later one supersedes)

  function typedNumber(field) {
    if (!field.matches || !field.matches(PANEL + ' input[type="number"]') || !field.checkValidity()) return false;
    const pair = field.getAttribute("data-pair");
    if (!pair || !field.form) return true;
    const fields = field.form.querySelectorAll('[data-pair="' + CSS.escape(pair) + '"]');
    return Array.from(fields).every(function (other) { return other.value.trim() !== ""; });
  }

  // In the capture phase: before htmx's listener on the form asks for the panel.
  document.addEventListener(
    "change",
    function (event) {
      const field = event.target;
      if (field.form) typed.delete(field.form);
      if (!typedNumber(field)) return;
      const shown = live(field);
      if (shown && field.form) typed.set(field.form, { field: field, shown: shown });
    },
    true
  );

  // After activities.js's listener (which drops a repeated or incomplete request): the panel's request
  // for a typed number is held until its figure is shown, and dropped if a later request of the same
  // panel went out meanwhile (it carries the form as it is then) or the panel was replaced.
  document.addEventListener("htmx:confirm", function (event) {
    const elt = event.detail.elt;
    const panel = elt && elt.closest && elt.closest(PANEL);
    if (!panel || event.defaultPrevented) return;
    const count = (sent.get(panel) || 0) + 1;
    sent.set(panel, count);
    const trigger = event.detail.triggeringEvent;
    const wait = trigger && trigger.type === "change" ? typed.get(elt) : null;
    if (!wait || wait.field !== trigger.target) return;
    typed.delete(elt);
    event.preventDefault();
    const send = function () {
      if (sent.get(panel) === count && document.contains(elt)) event.detail.issueRequest(true);
    };
    wait.shown.then(send, send);
  });

  // Dragging on the figure moves what a click places (data-drag names the two fields).
  let drag = null; // {hit, fields, moved}

  function geometry(hit) {
    const axes = (hit.getAttribute("data-axes") || "").split(" ").map(Number);
    const limits = (hit.getAttribute("data-limits") || "").split(" ").map(Number);
    const step = Number(hit.getAttribute("data-step"));
    if (axes.length !== 4 || limits.length !== 4 || !(step > 0)) return null;
    return { axes: axes, limits: limits, step: step, width: Number(hit.getAttribute("width")),
      height: Number(hit.getAttribute("height")) };
  }

  // The pointer's data coordinates, kept in the axes and quantised to the crosshair's step (states repeat).
  function dataPoint(hit, event) {
    const g = geometry(hit);
    if (!g) return null;
    // The figure's box as shown (the click layer may be laid out at its own 560 × 420 and scaled).
    const box = (hit.parentElement.querySelector(".activity__plot") || hit).getBoundingClientRect();
    const u = (((event.clientX - box.left) * g.width) / box.width - g.axes[0]) / g.axes[2];
    const v = (((event.clientY - box.top) * g.height) / box.height - g.axes[1]) / g.axes[3];
    const snap = function (value, low, high) {
      const q = Math.round(value / g.step) * g.step;
      return String(Math.round(Math.min(Math.max(q, low), high) * 100) / 100);
    };
    return [
      snap(g.limits[0] + u * (g.limits[1] - g.limits[0]), g.limits[0], g.limits[1]),
      snap(g.limits[3] - v * (g.limits[3] - g.limits[2]), g.limits[2], g.limits[3]),
    ];
  }

  document.addEventListener("pointerdown", function (event) {
    const hit = event.target.closest && event.target.closest(HIT + "[data-drag]");
    if (!hit || !hit.form || event.button !== 0) return;
    const names = hit.getAttribute("data-drag").split(" ");
    const fields = names.map(function (name) { return hit.form.elements.namedItem(name); });
    if (fields.length !== 2 || !fields.every(Boolean)) return;
    drag = { hit: hit, fields: fields, moved: false, x: event.clientX, y: event.clientY };
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) return;
    if (!drag.moved && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 4) return;
    const point = dataPoint(drag.hit, event);
    if (!point) return;
    if (!drag.moved) {
      drag.moved = true;
      try { drag.hit.setPointerCapture(event.pointerId); } catch (error) { /* a synthetic pointer */ }
    }
    drag.fields[0].value = point[0];
    drag.fields[1].value = point[1];
    live(drag.hit);
  });

  function release() {
    if (!drag) return;
    const ended = drag;
    drag = null;
    if (!ended.moved) return; // a click: activities.js sends it
    // The click that follows a drag would place the point again, from the pixel: the fields already did.
    const swallow = function (event) {
      if (event.target === ended.hit) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    document.addEventListener("click", swallow, { capture: true, once: true });
    window.setTimeout(function () { document.removeEventListener("click", swallow, true); }, 0);
    ended.fields[0].dispatchEvent(new CustomEvent("slide", { bubbles: true }));
  }

  // An <input type="image"> starts the browser's own drag of the picture, which cancels the pointer.
  document.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest(HIT + "[data-drag]")) event.preventDefault();
  });

  document.addEventListener("pointerup", release);
  document.addEventListener("pointercancel", release);

  // After a preset, an action or Reset the figure is in view: scrolled to only when less than half of
  // it shows, smoothly unless the visitor asks for reduced motion.
  let reveal = null; // the panel whose next swap should bring its figure into view

  document.addEventListener("click", function (event) {
    const control = event.target.closest && event.target.closest(
      PANEL + " .activity__presets a, " + PANEL + " button[name=do], " + PANEL + ' a[id$="-reset"]'
    );
    if (control) reveal = control.closest(PANEL).id;
  });

  function halfHidden(element) {
    const box = element.getBoundingClientRect();
    const seen = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
    return box.height > 0 && seen < box.height / 2;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    if (!reveal || !target || target.id !== reveal) return;
    reveal = null;
    const panel = document.getElementById(target.id);
    const figure = panel && panel.querySelector(".activity__canvas");
    if (!figure || !halfHidden(figure)) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    figure.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  });

  // The hit layers that drag take the pointer's moves (no page scroll starting on them).
  function enhance(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(HIT + "[data-drag]").forEach(function (hit) {
      hit.classList.add("activity__hit--drag");
    });
  }

  if (window.htmx) window.htmx.onLoad(enhance);
  else document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) window.htmx.onLoad(enhance);
    else enhance(document);
  });
})();
