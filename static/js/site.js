// Site-wide behaviour. Everything here is an enhancement: the pages work without it.
(function () {
  "use strict";
  // Print every course open, then restore what the reader had open.
  let closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = Array.from(document.querySelectorAll("details:not([open])"));
    closedBeforePrint.forEach(function (el) { el.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (el) { el.open = false; });
    closedBeforePrint = [];
  });
  // A link to a course anchor (#mlm-503) opens that course.
  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
