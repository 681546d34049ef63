import type { Locale } from '../../i18n/locales.js';
import { webMessages } from '../web.messages.js';

export interface FilterOption {
  value: string;
  label: string;
  /** Set when the label is in another language than the page. */
  lang?: string | undefined;
}

interface FilterSelectProps {
  locale: Locale;
  id: string;
  name: string;
  label: string;
  options: FilterOption[];
  selected: string | undefined;
}

/** One labelled field of a `.filters` GET form, with an "All" choice that sends an empty value. */
export function FilterSelect({ locale, id, name, label, options, selected }: FilterSelectProps) {
  return (
    <div class="filters__field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{webMessages[locale].all}</option>
        {options.map((o) => (
          <option value={o.value} selected={selected === o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
