// The embed page tells the page that frames it how tall it is, so the embed code's few lines
// (activities.web.embed_panel.iframe_code) can size the <iframe> to fit: nothing clipped, no inner
// scroll bar. Without this file (or on a parent that runs no script) the iframe keeps its fixed height.
(function () {
  "use strict";

  if (window.parent === window) return;
  let last = 0;
  let queued = false;

  // The body's own height with its margins (the document's scroll height never falls below the
  // iframe's, so a panel that gets shorter would never let the iframe shrink).
  function height() {
    const body = document.body;
    if (!body) return 0;
    const style = window.getComputedStyle(body);
    const margins = (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
    return Math.ceil(body.getBoundingClientRect().height + margins);
  }

  function send() {
    queued = false;
    const now = height();
    if (now === last) return;
    last = now;
    window.parent.postMessage({ type: "dmath-embed-height", height: now }, "*");
  }

  // At most one message a frame, whatever fires (a resize, an image decoded, a swap).
  function later() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(send);
  }

  function start() {
    later();
    if (window.ResizeObserver) new ResizeObserver(later).observe(document.body);
    document.addEventListener("load", later, true); // images inside the panel
    document.addEventListener("toggle", later, true); // <details>: Download, the numbers table
    document.addEventListener("htmx:afterSettle", later);
    window.addEventListener("resize", later);
    window.addEventListener("load", later);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
