// Type-ahead for the actor and place finders: fills each form's <datalist> with the facet values
// (under the current filters) that start with what was typed, from /api/facets/<name>.
// A same-origin file: the Content-Security-Policy allows no inline script.
"use strict";

function facetQuery(form, prefix) {
  const params = new URLSearchParams();
  for (const input of form.querySelectorAll("input[type=hidden]")) {
    params.append(input.name, input.value);
  }
  params.set("prefix", prefix);
  params.set("size", "10");
  return form.dataset.api + "?" + params.toString();
}

function fillOptions(list, values) {
  list.replaceChildren(...values.map((value) => {
    const option = document.createElement("option");
    option.value = value.value;
    option.label = value.label + " (" + value.count + ")";
    option.textContent = value.label;
    return option;
  }));
}

function attach(form) {
  const input = form.querySelector("input[list]");
  const list = form.querySelector("datalist");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (!prefix) { fillOptions(list, []); return; }
    timer = setTimeout(async () => {
      const response = await fetch(facetQuery(form, prefix), { headers: { Accept: "application/json" } });
      if (response.ok) { fillOptions(list, (await response.json()).values); }
    }, 150);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.typeahead").forEach(attach);
});
