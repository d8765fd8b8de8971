// "Copy the code" beside an embed code's read-only textarea. Without JavaScript the button stays
// hidden and the code stays selectable in its textarea.
(function () {
  "use strict";

  const BUTTON = "[data-copy-code]";

  function reveal(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(BUTTON + "[hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function say(button, text) {
    const status = document.getElementById(button.getAttribute("data-copy-status") || "");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // Select the code so that Ctrl+C (or the touch menu) copies it when the clipboard is refused.
  function fallback(button, box) {
    box.focus();
    box.select();
    say(button, "Copying is not allowed here: the code is selected, copy it with Ctrl+C (⌘C on a Mac).");
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(BUTTON);
    const box = button && document.getElementById(button.getAttribute("data-copy-code"));
    if (!box) return;
    if (!navigator.clipboard || !window.isSecureContext) {
      fallback(button, box);
      return;
    }
    navigator.clipboard.writeText(box.value).then(
      function () {
        say(button, "Copied: paste the code into your page.");
      },
      function () {
        fallback(button, box);
      }
    );
  });

  if (window.htmx) window.htmx.onLoad(reveal);
  else document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
    if (window.htmx) window.htmx.onLoad(reveal);
  });
})();
