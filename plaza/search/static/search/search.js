// Autocomplete for the search box (progressive enhancement: without it the form still searches).
(function () {
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var value = input.value.trim();
      if (value.length < 2 || value === last) { return; }
      last = value;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          (data.suggestions || []).forEach(function (text) {
            var option = document.createElement("option");
            option.value = text;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();

// On a wide screen the filters sit beside the results: show them open (on a phone they stay a
// "Filters" disclosure above the results; without JavaScript one click opens it).
(function () {
  var filters = document.querySelector("details[data-open-wide]");
  if (!filters || !window.matchMedia) { return; }
  if (window.matchMedia("(min-width: 50rem)").matches) { filters.open = true; }
})();
