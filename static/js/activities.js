// Interactive activities: enhancements only. Without this file every panel is a plain GET form whose
// URL is the state, and a click on a figure is sent by its <input type="image"> in CSS pixels.
(function () {
  "use strict";

  const PANEL = ".activity";
  const HIT = ".activity__hit";
  const SLIDER = ".activity__slider";
  const clicks = new WeakMap(); // click layer -> {x, y} in the image's own pixels

  function linkedNumber(slider) {
    return document.getElementById(slider.getAttribute("data-slider-for"));
  }

  function sliderFor(number) {
    return number.id ? document.querySelector(SLIDER + '[data-slider-for="' + CSS.escape(number.id) + '"]') : null;
  }

  // Sliders are shown only with JavaScript: each drives its number input (which carries the name).
  function revealSliders(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(SLIDER + "[hidden]").forEach(function (slider) {
      slider.hidden = false;
    });
  }

  // A logarithmic slider (data-slider-log) moves log10 of its number: η from 0.0001 to 2.
  function fromSlider(slider) {
    if (!slider.hasAttribute("data-slider-log")) return slider.value;
    return String(Number(Math.pow(10, Number(slider.value)).toPrecision(3)));
  }

  function toSlider(slider, text) {
    if (!slider.hasAttribute("data-slider-log")) return text;
    const value = Number(text);
    return value > 0 ? String(Math.log10(value)) : null;
  }

  document.addEventListener("input", function (event) {
    const target = event.target;
    if (target.matches(SLIDER)) {
      const number = linkedNumber(target);
      if (number) number.value = fromSlider(target);
    } else if (target.matches(PANEL + ' input[type="number"]')) {
      const slider = sliderFor(target);
      const value = slider && target.value !== "" ? toSlider(slider, target.value) : null;
      if (value !== null) slider.value = value;
    }
  });

  // Fields that mean something only together (a particle's x and y): a change to one of them while
  // the other is empty waits for the pair. Update or Enter still sends it (the server then explains).
  function incompletePair(field) {
    const pair = field && field.getAttribute && field.getAttribute("data-pair");
    if (!pair || !field.form) return false;
    const fields = Array.from(field.form.querySelectorAll('[data-pair="' + CSS.escape(pair) + '"]'));
    const filled = fields.filter(function (f) { return f.value.trim() !== ""; }).length;
    return filled > 0 && filled < fields.length;
  }

  // A slider's own "change" (on release, or per arrow key) becomes "slide", which the form debounces:
  // one panel request once the slider rests (activity_live.js shows the figure while it moves).
  document.addEventListener(
    "change",
    function (event) {
      if (!event.target.matches(SLIDER)) return;
      event.stopPropagation();
      event.target.dispatchEvent(new CustomEvent("slide", { bubbles: true }));
    },
    true
  );

  // The error summary's link moves focus to the field at fault (a fragment link alone only scrolls).
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest(".activity__error a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
  });

  // A click on a figure: record where, in the image's natural pixels (it may be shown smaller).
  document.addEventListener(
    "click",
    function (event) {
      const hit = event.target.closest && event.target.closest(HIT);
      if (!hit) return;
      if (event.detail === 0) {
        // Keyboard activation has no position: do not submit a click at the corner.
        event.preventDefault();
        return;
      }
      // The figure's box as shown (the click layer may be laid out at its own 560 × 420 and scaled).
      const box = (hit.parentElement.querySelector(".activity__plot") || hit).getBoundingClientRect();
      const width = Number(hit.getAttribute("width")) || box.width;
      const height = Number(hit.getAttribute("height")) || box.height;
      clicks.set(hit, {
        x: ((event.clientX - box.left) * width) / box.width,
        y: ((event.clientY - box.top) * height) / box.height,
      });
    },
    true
  );

  document.addEventListener("htmx:configRequest", function (event) {
    const trigger = event.detail.triggeringEvent;
    const submitter = trigger && trigger.submitter;
    if (!submitter || !submitter.matches || !submitter.matches(HIT)) return;
    const point = clicks.get(submitter);
    if (!point) return;
    event.detail.parameters["click.x"] = point.x.toFixed(1);
    event.detail.parameters["click.y"] = point.y.toFixed(1);
  });

  // Enter in a field fires "change" and then "submit": one request is enough. Without this the
  // second would abort the first (hx-sync replace), which htmx reports as an error.
  const lastRequest = new WeakMap(); // form -> {signature, time}
  document.addEventListener("htmx:confirm", function (event) {
    const form = event.detail.elt;
    if (!form || form.tagName !== "FORM" || !form.closest(PANEL)) return;
    const trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === "change" && incompletePair(trigger.target)) {
      event.preventDefault();
      return;
    }
    const submitter = trigger && trigger.submitter;
    if (submitter && submitter.matches(HIT)) return; // every click on the figure counts
    const data = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    const signature = data.toString();
    const previous = lastRequest.get(form);
    const now = Date.now();
    lastRequest.set(form, { signature: signature, time: now });
    if (previous && previous.signature === signature && now - previous.time < 300) event.preventDefault();
  });

  // Keep the old figure visible behind the new one while it loads: no flash of empty space. (A 400
  // carries the panel with its message; htmx swaps it by the responseHandling config in base.html.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (!target || !target.matches || !target.matches(PANEL)) return;
    const old = target.querySelector(".activity__plot");
    target.__activityPreviousPlot = old ? old.currentSrc || old.src : "";
    // The control in use, by id: if the new state has no such control ("Remove the particle" once
    // the particle is gone), focus moves to Update rather than being lost.
    const active = document.activeElement;
    target.__activityFocus = active && active.id && target.contains(active) ? active.id : "";
    // What the student opened stays open (the points as text, say).
    target.__activityOpen = Array.from(target.querySelectorAll("details[open][id]")).map(function (d) {
      return d.id;
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    (target && target.__activityOpen || []).forEach(function (id) {
      const details = document.getElementById(id);
      if (details) details.open = true;
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    const previous = target && target.__activityPreviousPlot;
    if (!previous) return;
    const panel = document.getElementById(target.id);
    const canvas = panel && panel.querySelector(".activity__canvas");
    const plot = panel && panel.querySelector(".activity__plot");
    if (!canvas || !plot || plot.complete) return;
    canvas.style.backgroundImage = 'url("' + previous.replace(/"/g, "%22") + '")';
    const clear = function () {
      canvas.removeAttribute("style");
    };
    plot.addEventListener("load", clear, { once: true });
    plot.addEventListener("error", clear, { once: true });
  });

  // A history snapshot is restored as HTML, where a style attribute would break the CSP: drop them.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll(".activity__canvas[style]").forEach(function (canvas) {
      canvas.removeAttribute("style");
    });
  });

  // Say the new state: the live region is new after a swap, so set its text once it is in place.
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    if (!target || !target.id) return;
    const panel = document.getElementById(target.id);
    if (!panel || !panel.matches(PANEL)) return;
    const focusId = target.__activityFocus;
    target.__activityFocus = "";
    if (focusId && !document.getElementById(focusId)) {
      const update = panel.querySelector(".activity__update");
      if (update) update.focus({ preventScroll: true });
    }
    const status = panel.querySelector("[data-activity-status]");
    if (!status) return;
    const text = status.textContent;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  });

  if (window.htmx) {
    window.htmx.onLoad(revealSliders);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      revealSliders(document);
      if (window.htmx) window.htmx.onLoad(revealSliders);
    });
  }
})();
