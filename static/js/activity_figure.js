// The figure as one keyboard control, and Replay for its animation: enhancements only. Without this
// file the figure takes mouse clicks (its <input type="image">), the x and y fields do the keyboard's
// work, and Replay is a link that reloads the page.
//
// The crosshair lives in data coordinates; the server gives the axes box in image pixels (data-axes:
// left top width height), the data limits (data-limits: xmin xmax ymin ymax) and the arrow keys'
// steps. Enter or Space (a click with no position) sends click.x/click.y in image pixels, exactly
// as a mouse click does (activities.js), so the server maps both the same way.
(function () {
  "use strict";

  const HIT = ".activity__hit";
  const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  const positions = new Map(); // hit id -> {x, y}: the same id after a swap keeps the crosshair
  let pending = null; // a keyboard click waiting for its request: {hit, px, py}
  let replays = 0;
  let sayTimer = 0;
  let touched = false; // the last pointer on a figure was a finger: no crosshair until a key moves it

  function numbers(element, name) {
    const values = (element.getAttribute(name) || "").trim().split(/\s+/).map(Number);
    return values.length === 4 && values.every(Number.isFinite) ? values : null;
  }

  function geometry(hit) {
    const axes = numbers(hit, "data-axes");
    const limits = numbers(hit, "data-limits");
    const step = Number(hit.getAttribute("data-step"));
    const large = Number(hit.getAttribute("data-large-step"));
    if (!axes || !limits || !(step > 0) || !(large > 0)) return null;
    return {
      left: axes[0], top: axes[1], width: axes[2], height: axes[3],
      xmin: limits[0], xmax: limits[1], ymin: limits[2], ymax: limits[3],
      step: step, large: large,
      imageWidth: Number(hit.getAttribute("width")), imageHeight: Number(hit.getAttribute("height")),
    };
  }

  function round2(value) {
    return Math.round(value * 100) / 100;
  }

  // Kept inside the axes and on 0.01, as the server keeps a click (activities.kinds.base.clamp_click).
  function place(g, x, y) {
    return {
      x: Math.min(Math.max(round2(x), g.xmin), g.xmax),
      y: Math.min(Math.max(round2(y), g.ymin), g.ymax),
    };
  }

  function position(hit, g) {
    let point = positions.get(hit.id);
    if (!point) {
      const snap = function (value) { return Math.round(value / g.step) * g.step; };
      point = place(g, snap((g.xmin + g.xmax) / 2), snap((g.ymin + g.ymax) / 2));
      positions.set(hit.id, point);
    }
    return point;
  }

  function toPixel(g, point) {
    return {
      px: g.left + ((point.x - g.xmin) / (g.xmax - g.xmin)) * g.width,
      py: g.top + ((g.ymax - point.y) / (g.ymax - g.ymin)) * g.height,
    };
  }

  // As activities.notation.number(value, 2): no trailing zeros, never "−0", the minus sign U+2212.
  function format(value) {
    const text = round2(value).toFixed(2).replace(/\.?0+$/, "");
    return (text === "-0" ? "0" : text).replace("-", "\u2212");
  }

  function draw(hit) {
    const g = geometry(hit);
    if (!g) return;
    let mark = hit.nextElementSibling;
    if (!mark || !mark.classList.contains("activity__crosshair")) {
      mark = document.createElement("span");
      mark.className = "activity__crosshair";
      mark.setAttribute("aria-hidden", "true");
      hit.insertAdjacentElement("afterend", mark);
    }
    // In percent of the image: right at any displayed size (a 360 px phone shows it smaller).
    const pixel = toPixel(g, position(hit, g));
    mark.style.left = (100 * pixel.px) / g.imageWidth + "%";
    mark.style.top = (100 * pixel.py) / g.imageHeight + "%";
  }

  // The crosshair's position in the panel's live region, once the keys pause (not on every press).
  function say(hit, text) {
    const panel = hit.closest(".activity");
    const status = panel && panel.querySelector("[data-activity-status]");
    if (!status) return;
    window.clearTimeout(sayTimer);
    sayTimer = window.setTimeout(function () {
      status.textContent = text;
    }, 300);
  }

  function enhance(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const hits = scope.matches && scope.matches(HIT) ? [scope] : scope.querySelectorAll(HIT);
    hits.forEach(function (hit) {
      if (!geometry(hit)) return;
      hit.removeAttribute("tabindex");
      const panel = hit.closest(".activity");
      const keys = panel && document.getElementById(panel.id + "-keys");
      if (keys) {
        keys.hidden = false;
        hit.setAttribute("aria-describedby", keys.id);
      }
      hit.classList.toggle("activity__hit--touched", touched);
      draw(hit);
    });
  }

  // A tap focuses the click layer, which would leave the crosshair on the figure: hide it after a
  // touch (the arrow keys bring it back); a mouse or pen click keeps it where it landed.
  document.addEventListener(
    "pointerdown",
    function (event) {
      const hit = event.target.closest && event.target.closest(HIT);
      if (!hit) return;
      touched = event.pointerType === "touch";
      hit.classList.toggle("activity__hit--touched", touched);
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    const hit = event.target.closest && event.target.closest(HIT);
    const move = MOVES[event.key];
    if (!hit || !move || event.altKey || event.ctrlKey || event.metaKey) return;
    const g = geometry(hit);
    if (!g) return;
    event.preventDefault();
    touched = false;
    hit.classList.remove("activity__hit--touched");
    const step = event.shiftKey ? g.large : g.step;
    const from = position(hit, g);
    const to = place(g, from.x + move[0] * step, from.y + move[1] * step);
    positions.set(hit.id, to);
    draw(hit);
    say(hit, "x " + format(to.x) + ", y " + format(to.y));
  });

  // A click with no position (Enter, Space, a screen reader's activation) clicks at the crosshair;
  // a pointer click moves the crosshair where it landed (activities.js sends that click).
  document.addEventListener(
    "click",
    function (event) {
      const hit = event.target.closest && event.target.closest(HIT);
      const g = hit && geometry(hit);
      if (!g) return;
      if (event.detail !== 0) {
        // The figure's box as shown (the click layer may be laid out at its own 560 × 420 and scaled).
        const box = (hit.parentElement.querySelector(".activity__plot") || hit).getBoundingClientRect();
        const u = (((event.clientX - box.left) * g.imageWidth) / box.width - g.left) / g.width;
        const v = (((event.clientY - box.top) * g.imageHeight) / box.height - g.top) / g.height;
        if (u >= 0 && u <= 1 && v >= 0 && v <= 1) {
          positions.set(hit.id, place(g, g.xmin + u * (g.xmax - g.xmin), g.ymax - v * (g.ymax - g.ymin)));
          draw(hit);
        }
        return;
      }
      event.preventDefault();
      if (!window.htmx || !hit.form) return;
      const pixel = toPixel(g, position(hit, g));
      pending = { hit: hit, px: pixel.px, py: pixel.py };
      hit.form.requestSubmit(hit);
    },
    true
  );

  // Runs after activities.js's own listener: a keyboard click's position wins over a stale mouse one.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!pending) return;
    const trigger = event.detail.triggeringEvent;
    if (!trigger || trigger.submitter !== pending.hit) return;
    // Full precision (shortest round trip): the server maps exactly this pixel back to the crosshair.
    event.detail.parameters["click.x"] = String(pending.px);
    event.detail.parameters["click.y"] = String(pending.py);
    pending = null;
  });

  // Replay: a new image URL (play=n, which the server ignores) makes the browser play it again.
  function replayed(url) {
    return url.replace(/&play=\d+/, "") + "&play=" + replays;
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("[data-activity-replay]");
    const figure = link && link.closest(".activity__figure");
    const plot = figure && figure.querySelector("img.activity__plot");
    if (!plot) return;
    event.preventDefault();
    replays += 1;
    // The <img> and every <source> of its picture (a phone shows the phone sheet's source).
    plot.parentElement.querySelectorAll("source, img").forEach(function (element) {
      const srcset = element.getAttribute("srcset");
      if (srcset) {
        element.setAttribute("srcset", srcset.replace(/(\S+)(\s+[\d.]+x)/g, function (_, url, size) {
          return replayed(url) + size;
        }));
      }
    });
    plot.setAttribute("src", replayed(plot.getAttribute("src")));
  });

  // A history snapshot is restored as HTML, where a style attribute would break the CSP.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll(".activity__crosshair").forEach(function (mark) {
      mark.remove();
    });
  });

  if (window.htmx) {
    window.htmx.onLoad(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      if (window.htmx) window.htmx.onLoad(enhance);
      else enhance(document);
    });
  }
})();
