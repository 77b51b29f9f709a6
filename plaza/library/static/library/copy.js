// "Copy" beside a formatted reference: shown only when the browser can copy; without
// JavaScript the reference stays a read-only text box to select and copy by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button.copy-button[data-copy-target]").forEach(function (button) {
    var box = document.getElementById(button.getAttribute("data-copy-target"));
    if (!box) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(box.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        box.focus();
        box.select();
      });
    });
  });
}());
