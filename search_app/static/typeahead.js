// Type-ahead for the actor and place finders: fills each form's <datalist> with the facet values
// (under the current filters) that start with what was typed, in any of their spellings,
// from /api/facets/<name>.
// A suggestion shows, and leaves in the box, the entity's name; the form sends its id, so the
// filter is exactly the one picked.  Picking a suggestion applies it at once.  Without this
// script the box still works: the server reads a typed name as the entity it names.
// A same-origin file: the Content-Security-Policy allows no inline script.
"use strict";

function facetQuery(form, prefix) {
  const params = new URLSearchParams();
  for (const input of form.querySelectorAll("input[type=hidden][name]")) {
    params.append(input.name, input.value);
  }
  params.set("prefix", prefix);
  params.set("size", "10");
  return form.dataset.api + "?" + params.toString();
}

function fillOptions(list, values) {
  list.replaceChildren(...values.map((value) => {
    const option = document.createElement("option");
    option.value = value.label;               // what the box shows once picked: the name
    option.dataset.id = value.value;          // what the filter takes: the id
    const counted = value.count + (value.count === 1 ? " article" : " articles");
    // Found by another spelling ("Poe…" for Vladimir Putin): the label shows it, and lets the
    // browser's list, which filters on what was typed, keep the option.
    option.label = value.spelling ? value.spelling + " · " + counted : counted;
    return option;
  }));
}

function pickedId(list, name) {
  const option = Array.from(list.options).find((candidate) => candidate.value === name);
  return option ? option.dataset.id : null;
}

// A suggestion chosen from the list (mouse or keys) arrives as a replacement of the box's text,
// not as typing.
function isPick(event) {
  return !(event instanceof InputEvent) || event.inputType === "insertReplacementText";
}

function attach(form) {
  const input = form.querySelector("input[list]");
  const list = form.querySelector("datalist");
  const name = input.name;
  const picked = document.createElement("input");    // carries the id; named only while sending
  picked.type = "hidden";
  form.append(picked);
  let timer = null;
  input.addEventListener("input", (event) => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (isPick(event) && pickedId(list, prefix)) { form.requestSubmit(); return; }
    if (!prefix) { fillOptions(list, []); return; }
    timer = setTimeout(async () => {
      const response = await fetch(facetQuery(form, prefix), { headers: { Accept: "application/json" } });
      if (response.ok) { fillOptions(list, (await response.json()).values); }
    }, 150);
  });
  form.addEventListener("submit", () => {
    const id = pickedId(list, input.value.trim());
    if (!id) { return; }                  // typed, not picked: the server reads the name
    picked.name = name;
    picked.value = id;
    input.removeAttribute("name");
  });
  // Back to this page from the history: the box sends what it holds again.
  window.addEventListener("pageshow", () => {
    input.name = name;
    picked.removeAttribute("name");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.typeahead").forEach(attach);
});
