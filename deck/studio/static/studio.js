// deck studio: the little plain JavaScript the server-rendered pages need. Forms are posted with
// fetch as they are; the server checks, fits and renders, and answers with images and problems.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
const PAUSE = 250; // ms of no typing before the preview is asked for

function debounce(action, wait) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => action(...args), wait); };
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  const text = await response.text();
  let data;
  try { data = JSON.parse(text); } catch (error) { data = { message: text }; }
  return { status: response.status, data };
}

function say(message) { $("#status").textContent = message || ""; }

// -- problems beside their fields ------------------------------------------------------------

function fieldFor(form, name) {
  // the field itself, else the list or group it is in, else the form's general place
  let parts = name ? name.split(".") : [];
  while (parts.length) {
    const field = form.querySelector(`.field[data-name="${CSS.escape(parts.join("."))}"]`);
    if (field) return field;
    parts = parts.slice(0, -1);
  }
  return form.querySelector('.field[data-name=""]');
}

function showProblems(form, problems) {
  $$(".field.has-problem", form).forEach((field) => field.classList.remove("has-problem"));
  $$(".problem", form).forEach((box) => { box.hidden = true; box.textContent = ""; });
  for (const problem of problems) {
    const field = fieldFor(form, problem.field);
    const box = $(":scope > .problem", field);
    box.textContent = box.textContent ? `${box.textContent}\n${problem.message}` : problem.message;
    box.hidden = false;
    field.classList.add("has-problem");
  }
}

// -- saving state ----------------------------------------------------------------------------

function editor(form, { previewUrl, saveUrl, apply, saved }) {
  const state = $("#save-state");
  let dirty = false;
  let asked = 0;
  const mark = (text, kind) => { state.textContent = text; state.className = `save-state ${kind || ""}`; };
  const refresh = debounce(async () => {
    const mine = ++asked;
    const { data } = await post(previewUrl(), new FormData(form));
    if (mine === asked) apply(data); // an answer to an older edit is dropped
  }, PAUSE);
  const changed = () => { dirty = true; mark("Unsaved changes", "dirty"); refresh(); };
  // (a file input's events are its upload's, not an edit: the upload says what happened and, once
  // the file is in, asks for the preview itself)
  form.addEventListener("input", (event) => { if (event.target.type !== "file") changed(); });
  form.addEventListener("change", (event) => { if (event.target.tagName === "SELECT") changed(); });
  const save = async (overwrite) => {
    mark("Saving…");
    const body = new FormData(form);
    if (overwrite === true) body.append("overwrite", "yes");
    const { status, data } = await post(saveUrl(), body);
    if (status === 200) {
      form.elements.version.value = data.version;
      dirty = false;
      showProblems(form, []);  // (a refusal shown before, "changed elsewhere", is over)
      mark(data.message);
      state.title = data.saved && data.message !== "Saved" ? `${data.saved}; ${data.message}` : data.saved || "";
      saved(data);
    } else {
      if (data.problems) apply(data);
      else showProblems(form, [{ field: "", message: data.message }]);
      mark(status === 409 ? "Not saved: changed elsewhere" : "Not saved", "bad");
      if (status === 409 && form.dataset.overwrite !== "no") {
        // this page's text is not lost: the user may put it in place of the other version
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.id = "overwrite";
        button.textContent = "Save mine instead";
        button.title = "Replace the version saved elsewhere with what this page shows: its changes are lost";
        button.addEventListener("click", () => { button.remove(); save(true); });
        state.after(button);
      }
    }
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); $("#overwrite")?.remove(); save(); });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); $("#overwrite")?.remove(); save(); }
  });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
  return changed;
}

function swap(image, source) {
  // load the new face first, so the old one stays until the new one can replace it
  if (!source || image.getAttribute("src") === source) return;
  const next = new Image();
  next.onload = () => { image.src = source; };
  next.src = source;
}

function showFaces(answer) {
  const preview = $("#preview");
  if (answer.faces) {
    swap($("#face-front"), answer.faces.front);
    swap($("#face-back"), answer.faces.back);
  }
  preview.classList.toggle("stale", !answer.faces);
  const note = $("#preview-note");
  if (note) {
    note.dataset.usual = note.dataset.usual || note.textContent;
    const before = $("#face-front") && $("#face-front").getAttribute("src");
    const face = (answer.problems || []).find((problem) => problem.field === "front" || problem.field === "back");
    const why = face ? `${face.message.replace(/\.?$/, ".")} ` : "";
    note.textContent = answer.overflow
      ? `${why}The preview shows the card at the smallest size, its text running on below the card's edge (the red line): shorten it until it fits.`
      : answer.faces ? note.dataset.usual
      : before ? `${why}This is the last good preview: it follows again once the problems marked in the form are fixed.`
      : `${why}The preview appears once the card can be set: give it a title and the texts it needs.`;
    note.classList.toggle("problem-note", Boolean(face) && (!answer.faces || Boolean(answer.overflow)));
    preview.classList.toggle("overflow", Boolean(answer.overflow));
  }
}

// -- lists: add, remove, move ----------------------------------------------------------------

function lists(root, changed) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-item], button[data-add]");
    if (!button) return;
    const list = button.closest("[data-list]");
    const items = $(":scope > .items", list);
    if (button.hasAttribute("data-add")) {
      const fresh = $(":scope > template", list).content.firstElementChild.cloneNode(true);
      items.appendChild(fresh);
      renumber(list);
      $("textarea, input:not([type=hidden]):not([type=color])", fresh).focus();
    } else {
      const item = button.closest(".item");
      const action = button.dataset.item;
      if (action === "remove") item.remove();
      if (action === "up" && item.previousElementSibling) items.insertBefore(item, item.previousElementSibling);
      if (action === "down" && item.nextElementSibling) items.insertBefore(item.nextElementSibling, item);
      renumber(list);
      if (action !== "remove") button.focus();
    }
    changed();
  });
}

function renumber(list) {
  // names are `<list>.<index>` or `<list>.<index>.<part>`; the index follows the order on screen
  const prefix = `${list.dataset.list}.`;
  const rename = (value, index) => prefix + value.slice(prefix.length).replace(/^\d+/, String(index));
  $$(":scope > .items > .item", list).forEach((item, index) => {
    $$("[name]", item).forEach((input) => { input.name = rename(input.name, index); });
    $$("[data-name]", item).forEach((field) => { field.dataset.name = rename(field.dataset.name, index); });
    $$("[data-swatch-for]", item).forEach((swatch) => { swatch.dataset.swatchFor = rename(swatch.dataset.swatchFor, index); });
    $$(".item-number", item).forEach((label) => { label.textContent = index + 1; });
  });
}

function autosize(root) {
  const fit = (area) => { area.style.height = "auto"; area.style.height = `${area.scrollHeight + 2}px`; };
  $$("textarea", root).forEach(fit);
  root.addEventListener("input", (event) => { if (event.target.tagName === "TEXTAREA") fit(event.target); });
  root.addEventListener("click", () => $$("textarea", root).forEach((area) => { if (!area.style.height) fit(area); }));
}

// -- the card page ---------------------------------------------------------------------------

function introPage() {
  const form = $("#intro");
  const apply = (answer) => {
    showFaces(answer);
    $("#body-front").textContent = answer.body ? `· ${answer.body.front} pt` : "";
    $("#body-back").textContent = answer.body ? `· ${answer.body.back} pt` : "";
    showProblems(form, answer.problems || []);
  };
  const saved = () => {  // the deck's title in the bar is the one just saved
    const mark = $(".brand-mark");
    mark.replaceChildren(mark.firstElementChild, form.elements.title.value);
    document.title = document.title.replace(/· .* · deck studio$/, `· ${form.elements.title.value} · deck studio`);
  };
  editor(form, { previewUrl: () => "/intro/preview", saveUrl: () => "/intro/save", apply, saved });
  apply(JSON.parse($("#preview").dataset.initial));
  autosize(form);
}

function cardPage() {
  const form = $("#card");
  const stem = form.dataset.stem;
  const apply = (answer) => {
    showFaces(answer);
    $("#body-front").textContent = answer.body ? `· ${answer.body.front} pt` : "";
    $("#body-back").textContent = answer.body ? `· ${answer.body.back} pt` : "";
    showProblems(form, answer.problems || []);
  };
  const changed = editor(form, {
    previewUrl: () => `/card/${stem}/preview`,
    saveUrl: () => `/card/${stem}/save`,
    apply,
    saved: (data) => {
      // the file now holds the items in this order: that is where each one comes from next time
      $$("[data-list]", form).forEach((list) => {
        $$(":scope > .items > .item", list).forEach((item, index) => { $("[data-origin-input]", item).value = index; });
      });
      if (data.tidied) sessionStorage.setItem("deck-saved", data.message); // said again once the page shows it
      if (stem === "new" || data.tidied) window.location.replace(`/card/${data.stem}`);
    },
  });
  const said = sessionStorage.getItem("deck-saved");
  if (said) {  // what the save did to the pasted text: whole, under the head (the state beside Save is short)
    sessionStorage.removeItem("deck-saved");
    $("#save-state").textContent = "Saved";
    $("#save-state").title = said;
    say(said);
  }
  $("#delete")?.addEventListener("click", async (event) => {
    const title = form.elements.title.value || "this card";
    if (!window.confirm(`Take card ${event.target.dataset.number} (${title}) out of the deck? The cards after it move up one; its file is kept in the folder deleted/.`)) return;
    const body = new FormData();
    body.append("version", form.elements.version.value);
    const { status, data } = await post(`/card/${stem}/delete`, body);
    if (status === 200) {
      sessionStorage.setItem("deck-said", data.message);
      window.location.replace("/");
    } else showProblems(form, [{ field: "", message: data.message }]);
  });
  apply(JSON.parse($("#preview").dataset.initial));
  lists(form, changed);
  autosize(form);
  const id = $("input[name=id]", form);
  let idTyped = stem !== "new" || id.value !== "";
  // an id no other card has: a second "Leren van fouten" is leren-van-fouten-2
  const taken = new Set((form.dataset.taken || "").split(" ").filter(Boolean));
  const free = (base) => {
    let candidate = base;
    for (let count = 2; taken.has(candidate); count++) candidate = `${base}-${count}`;
    return candidate;
  };
  id.addEventListener("input", () => { idTyped = true; });
  $("input[name=title]", form).addEventListener("input", (event) => {
    $(".sticky-head h1", form).textContent = event.target.value || (stem === "new" ? "New card" : "Untitled card");
    if (!idTyped) id.value = free(slug(event.target.value)); // a new card's id follows its title until typed
  });
}

function slug(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
}

// -- the deck page: reorder ------------------------------------------------------------------

function deckPage() {
  const said = sessionStorage.getItem("deck-said"); // (a card deleted on its own page, or put back)
  if (said) {
    sessionStorage.removeItem("deck-said");
    say(said);
  }
  $$("[data-put-back]").forEach((button) => button.addEventListener("click", async () => {
    const { status, data } = await post(`/deleted/${encodeURIComponent(button.dataset.putBack)}/back`, new FormData());
    if (status === 200) {
      sessionStorage.setItem("deck-said", data.message);
      window.location.reload();
    } else say(data.message);
  }));
  const tiles = $("#tiles");
  if (!tiles) return;
  const versions = JSON.parse($("#order").dataset.versions || "{}");
  let dragged = null;
  const send = async () => {
    const body = new FormData();
    $$(".tile[data-file]", tiles).forEach((tile) => body.append("order", tile.dataset.file));
    Object.entries(versions).forEach(([file, version]) => body.append(`version.${file}`, version));
    say("Saving the new order…");
    const { status, data } = await post("/order", body);
    if (status === 200) window.location.reload();
    else say(data.message);
  };
  tiles.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".tile[draggable]");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.file);
  });
  tiles.addEventListener("dragover", (event) => {
    const over = event.target.closest(".tile[draggable]");
    if (!dragged || !over) return;
    event.preventDefault();
    $$(".drop-before", tiles).forEach((tile) => tile.classList.remove("drop-before"));
    if (over !== dragged) over.classList.add("drop-before");
  });
  tiles.addEventListener("drop", (event) => {
    const over = event.target.closest(".tile[draggable]");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    tiles.insertBefore(dragged, over);
    send();
  });
  tiles.addEventListener("dragend", () => {
    $$(".dragging, .drop-before", tiles).forEach((tile) => tile.classList.remove("dragging", "drop-before"));
    dragged = null;
  });
  tiles.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const tile = button.closest(".tile");
    const cards = $$(".tile[data-file]", tiles);
    const to = cards.indexOf(tile) + Number(button.dataset.move);
    if (to < 0 || to >= cards.length) return;
    if (Number(button.dataset.move) < 0) tiles.insertBefore(tile, cards[to]);
    else tiles.insertBefore(cards[to], tile);
    send();
  });
}

// -- the brand page --------------------------------------------------------------------------

// The regular font chosen: the same family's other styles follow where the list has them
// (Caladea-Regular.ttf: Caladea-Bold.ttf, Caladea-Italic.ttf, Caladea-BoldItalic.ttf), so that a
// brand does not print its bold and italic text in the family it had before.
const FAMILY_STYLES = { "fonts.bold": ["Bold"], "fonts.italic": ["Italic", "Oblique"],
  "fonts.bold_italic": ["BoldItalic", "BoldOblique"] };

function familyFollows(form) {
  const regular = form.elements["fonts.regular"];
  if (!regular || regular.tagName !== "SELECT") return;
  regular.addEventListener("change", () => {
    const match = regular.value.match(/^(.*?)(?:[-_ ]?(?:Regular|Roman|Book))?(\.[A-Za-z0-9]+)$/);
    if (!match) return;
    const [, family, suffix] = match;
    const followed = [];
    Object.entries(FAMILY_STYLES).forEach(([name, styles]) => {
      const select = form.elements[name];
      if (!select) return;
      const wanted = styles.map((style) => `${family}-${style}${suffix}`.toLowerCase());
      const found = [...select.options].find((option) => wanted.includes(option.value.toLowerCase()));
      if (found && select.value !== found.value) {
        select.value = found.value;
        followed.push(found.value);
      }
    });
    if (followed.length) say(`The family's other styles follow: ${followed.join(", ")}.`);
  });
}

function brandPage() {
  const form = $("#brand");
  familyFollows(form);
  const apply = (answer) => {
    showFaces(answer);
    $("#fit-summary").textContent = answer.summary || "";
    if (answer.contrast && answer.contrast.length) {
      contrastTable(answer.contrast);
      contrastHints(form, answer.contrast);
    }
    showProblems(form, answer.problems || []);
  };
  const changed = editor(form, {
    previewUrl: () => "/brand/preview",
    saveUrl: () => "/brand/save",
    apply,
    saved: (data) => { form.elements.deck_version.value = data.deck_version; form.dataset.hasLayout = "yes"; },
  });
  apply(JSON.parse($("#preview").dataset.initial));
  lists(form, changed);
  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.type === "color") {
      const text = form.elements[target.dataset.swatchFor];
      text.value = target.value;
    } else if (target.classList.contains("colour-text")) {
      const swatch = $(`[data-swatch-for="${CSS.escape(target.name)}"]`, form);
      const value = target.value.trim();
      // a picker shows one RGB colour: "band", CMYK or nothing it cannot show (a name shows after a save)
      const none = !value || /^cmyk/i.test(value) || value.toLowerCase() === "band";
      if (/^#[0-9a-f]{6}$/i.test(value)) swatch.value = value;
      if (none || /^#[0-9a-f]{6}$/i.test(value)) {
        swatch.disabled = none;
        swatch.classList.toggle("unset", none);
      }
    }
  });
  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (input.type !== "file" || !input.files.length) return;
    const field = input.closest(".field");
    const select = $("select", field);
    const body = new FormData(form);
    body.append("kind", input.dataset.upload);
    body.append("file", input.files[0]);
    say(`Uploading ${input.files[0].name}…`);
    const { status, data } = await post("/brand/upload", body);
    input.value = "";
    if (status !== 200) {
      say("");
      showProblems(form, [{ field: field.dataset.name, message: data.message }]);
      return;
    }
    say(data.message);
    select.add(new Option(data.name, data.name, true, true));
    changed();
  });
}

function contrastTable(rows) {
  // each pair twice: the first colour on the second, and the second on the first
  const sample = (ink, paper) => {
    const cell = document.createElement("td");
    cell.className = "sample";
    cell.textContent = "Aa";
    if (ink.startsWith("#")) cell.style.color = ink;
    if (paper.startsWith("#")) cell.style.background = paper;
    return cell;
  };
  $("#contrast tbody").replaceChildren(...rows.map((row) => {
    const line = document.createElement("tr");
    const label = document.createElement("td");
    label.textContent = row.label;
    const ratio = document.createElement("td");
    ratio.className = `ratio ${row.ok ? "good" : "low"}`;
    ratio.textContent = `${row.ratio.toFixed(1)} : 1`;
    ratio.title = row.ok ? "enough contrast for its use" : "too little contrast: choose a darker or lighter colour";
    const goal = document.createElement("td");
    goal.className = "goal muted small";
    goal.textContent = `needs ${row.goal}`;
    line.append(sample(row.fore, row.back), sample(row.back, row.fore), label, ratio, goal);
    return line;
  }));
}

function contrastHints(form, rows) {
  // too little contrast is said beside the colour too, where it is chosen (the table is further down)
  $$(".contrast-hint", form).forEach((hint) => hint.remove());
  for (const row of rows) {
    const field = row.ok ? null : form.querySelector(`.field[data-name="${CSS.escape(row.field)}"]`);
    if (!field) continue;
    const hint = document.createElement("span");
    hint.className = "contrast-hint";
    hint.textContent = `${row.label}: contrast ${row.ratio.toFixed(1)} : 1; text there needs ${row.goal} : 1 `
      + "to be read easily. Choose a darker or lighter colour.";
    $(":scope > .problem", field).before(hint);
  }
}

// -- the print page --------------------------------------------------------------------------

function printPage() {
  const form = $("#print");
  const update = () => {
    const value = (name) => form.elements[name].value;
    // one face a page has no sheet to choose, and only two-sided printing turns the paper
    form.elements.sheet.disabled = value("mode") === "single";
    form.elements.flip.disabled = value("mode") !== "duplex";
    $("#sheet").nextElementSibling.textContent = value("mode") === "single" ? "The first page: one face, with bleed"
      : "The first sheet, with crop marks";
    const deck = new URLSearchParams({ sheet: value("sheet"), flip: value("flip"), mode: value("mode"), layout: value("layout") });
    const card = new URLSearchParams({ card: value("card"), layout: value("layout"), bleed: form.elements.bleed.checked ? "yes" : "no" });
    $("#download-deck").href = `/print/deck?${deck}`;
    $("#download-card").href = `/print/card?${card}`;
    $("#download-png").href = `/print/png?${card}`;
    swap($("#sheet"), `/print/sheet?${deck}`);
    const folder = $("#command").dataset.folder;
    const quoted = (text) => (/^[\w./:-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);
    // the deck's own layout needs no --layout: deck.yaml names it
    const layout = form.elements.layout.selectedIndex === 0 ? "" : ` --layout ${quoted(value("layout"))}`;
    $("#command").textContent =
      `cd ${quoted(folder)}\n` +
      `deck build${layout}${value("mode") === "single" ? "" : ` --sheet ${value("sheet")}`} --mode ${value("mode")}` +
      `${value("mode") === "duplex" ? ` --flip ${value("flip")}` : ""}\n` +
      `deck card ${value("card")}${layout}${form.elements.bleed.checked ? "" : " --no-bleed"}`;
  };
  form.addEventListener("change", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  ({ card: cardPage, deck: deckPage, intro: introPage, brand: brandPage, print: printPage })[document.body.dataset.page]?.();
});
