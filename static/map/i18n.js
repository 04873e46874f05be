// Interface text through Django's JavaScript catalog (/i18n/js/, loaded before the modules);
// English as written when the catalog is missing.
export function gettext(text) {
  return window.gettext ? window.gettext(text) : text;
}

// "%(name)s" placeholders filled from `values` (the catalog's own interpolate, without it too).
export function interpolate(text, values) {
  return text.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? String(values[key]) : match));
}
