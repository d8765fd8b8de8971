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
(function () {
  "use strict";

  const PANEL = ".activity";
  const PLOT = "img.activity__plot";
  const SLIDER = ".activity__slider";
  const HIT = ".activity__hit";
  const SKIP = new Set(["scale", "motion", "play"]); // not state: the still and its size are set here
  const loaders = new WeakMap(); // panel -> {busy, next, shown}

  function stillUrl(panel, form) {
    const plot = panel.querySelector(PLOT);
    if (!plot || !form) return null;
    const url = new URL(plot.getAttribute("src"), document.baseURI);
    const query = new URLSearchParams();
    url.searchParams.forEach(function (value, name) {
      if (SKIP.has(name)) return;
      const field = form.elements.namedItem(name);
      const own = field && typeof field.value === "string" ? field.value.trim() : null;
      query.set(name, own !== null && own !== "" ? own : value);
    });
    // A particle's x and y, absent from a state without one, come from the form when both are filled.
    form.querySelectorAll("input[type=number][name]").forEach(function (field) {
      if (!url.searchParams.has(field.name) && field.value.trim() !== "") query.set(field.name, field.value.trim());
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

  // Whether this figure shows its phone sheet now: the preloads ask for the file it will show.
  function onPhone(panel) {
    const plot = panel && panel.querySelector(PLOT);
    return Boolean(plot && plot.currentSrc && plot.currentSrc.indexOf("size=phone") !== -1);
  }

  function show(panel, url) {
    const plot = panel.querySelector(PLOT);
    if (!plot) return;
    // Every <source> of the picture too: the one whose media matches is what the browser shows.
    plot.parentElement.querySelectorAll("source").forEach(function (source) {
      source.setAttribute("srcset", srcset(url, source.getAttribute("data-sheet") === "phone"));
    });
    plot.setAttribute("srcset", srcset(url, false));
    plot.setAttribute("src", url);
    panel.setAttribute("data-activity-live", url);
  }

  function load(panel, url) {
    const state = loaders.get(panel) || { busy: false, next: null, shown: null };
    state.panel = panel;
    loaders.set(panel, state);
    if (url === state.shown) return;
    if (state.busy) {
      state.next = url; // replaces an older waiting state: that one is never requested
      return;
    }
    state.busy = true;
    const image = new Image();
    image.decoding = "async";
    image.srcset = srcset(url, onPhone(panel));
    image.src = url;
    const done = function (ok) {
      state.busy = false;
      if (ok && document.contains(panel)) {
        state.shown = url;
        show(panel, url);
      }
      const next = state.next;
      state.next = null;
      if (next && next !== url) load(panel, next);
      else if (state.ahead) fetchAhead(state);
    };
    image.decode().then(
      function () { done(true); },
      function () { done(false); } // a refused state (400): the panel's request will say why
    );
  }

  // While idle after an arrow key, the figure one more step the same way is asked for (one request,
  // never while another loads): the next press then finds it in the browser's cache.
  function fetchAhead(state) {
    const url = state.ahead;
    state.ahead = null;
    if (!url || url === state.shown || state.busy) return;
    state.busy = true;
    const image = new Image();
    image.srcset = srcset(url, onPhone(state.panel)); // the file the figure will ask for
    image.src = url;
    const done = function () {
      state.busy = false;
      const next = state.next;
      state.next = null;
      if (next) load(state.panel, next);
    };
    image.decode().then(done, done);
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
    if (!url) return;
    if (element.matches(SLIDER)) {
      const ahead = keyed === element ? aheadUrl(panel, element) : null;
      if (keyed !== element) element.setAttribute("data-live-last", element.value);
      const state = loaders.get(panel) || { busy: false, next: null, shown: null };
      state.panel = panel;
      state.ahead = ahead;
      loaders.set(panel, state);
    }
    load(panel, url);
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.matches && event.target.matches(SLIDER)) keyed = event.target;
  });
  document.addEventListener("pointerdown", function () { keyed = null; }, true);

  // After activities.js's own listener, which copies the slider's value into its number field.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(SLIDER)) live(event.target);
  });

  // A number typed in a field (change): the panel's request goes out (activities.js, htmx) and, at the
  // same time, its figure, which for a kind that never animates is the very URL the panel will carry;
  // the figure is painted as soon as it is decoded and the panel's swap finds it in the cache.
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (!field.matches || !field.matches(PANEL + ' input[type="number"]') || !field.checkValidity()) return;
    const plot = field.closest(PANEL).querySelector(PLOT);
    if (plot && !plot.hasAttribute("data-animated")) live(field);
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
