// Adds a row to a formset without a round trip; without JavaScript the same button asks the server.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[name=add_row]");
  if (!button) { return; }
  var box = document.querySelector('[data-formset="' + button.value + '"]');
  var total = box && box.querySelector('input[name$="-TOTAL_FORMS"]');
  var template = box && box.querySelector("template");
  if (!total || !template) { return; }
  event.preventDefault();
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
  box.querySelector(".rows").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  if (button.value === "agreements") {
    // Commitments may now point at the new agreement.
    var label = document.querySelector('[data-formset="agreements"] .rows fieldset.row:last-child legend').textContent;
    var lists = document.querySelectorAll('select[name$="-agreement"]');
    lists.forEach(function (select) { select.add(new Option(label, String(index + 1))); });
    var tpl = document.querySelector('[data-formset="commitments"] template');
    var doc = tpl.content;
    doc.querySelectorAll('select[name$="-agreement"]').forEach(function (select) { select.add(new Option(label, String(index + 1))); });
  }
  var first = box.querySelector(".rows fieldset.row:last-child input, .rows fieldset.row:last-child textarea");
  if (first) { first.focus(); }
});
