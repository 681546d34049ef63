// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), so every
// text cell of an export goes through `guardCsvCell`: such a cell gets a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED_START = /^'[=+\-@\t\r]/;

export function guardCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Reads a guarded cell back (an export imported again keeps its value). */
export function unguardCsvCell(value: string): string {
  return GUARDED_START.test(value) ? value.slice(1) : value;
}
