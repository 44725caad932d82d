/** Pure rules for attachments: safe names, allowed types and the per-dossier size limit. */

/**
 * The name shown and offered at download: the last path segment only (no `../`, no folders, either
 * slash), without control characters or characters Windows refuses, trimmed to 200 characters while
 * keeping the extension. Never used to build a path on disk.
 */
export function safeDisplayName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  // Bidirectional controls go: U+202E makes `invoice\u202efdp.txt` read as `invoicetxt.pdf`.
  let name = last
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!name) name = 'fichier';
  if (name.length > 200) {
    const ext = extensionOf(name);
    name = ext ? `${name.slice(0, 199 - ext.length)}.${ext}` : name.slice(0, 200);
  }
  return name;
}

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

export function parseAllowedTypes(setting: string): string[] {
  return setting.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

export interface UploadCheck {
  name: string;
  size: number;
}

/** Field-level problem of an upload as an i18n key, or null: the type must be allowed and the dossier's total must stay within the limit. */
export function uploadProblem(files: UploadCheck[], alreadyStored: number, maxBytes: number, allowed: string[]): string | null {
  if (files.length === 0) return 'attachments.errors.none';
  if (files.some((f) => !allowed.includes(extensionOf(safeDisplayName(f.name))))) return 'attachments.errors.type';
  const total = alreadyStored + files.reduce((s, f) => s + f.size, 0);
  if (total > maxBytes) return 'attachments.errors.tooBig';
  return null;
}

/** `attachment; filename*=UTF-8''…` so accents survive and nothing the user typed can break the header. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Names inside the zip: unique, so two "facture.pdf" do not overwrite each other. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = seen.get(n.toLowerCase()) ?? 0;
    seen.set(n.toLowerCase(), count + 1);
    if (count === 0) return n;
    const ext = extensionOf(n);
    return ext ? `${n.slice(0, -(ext.length + 1))} (${count + 1}).${ext}` : `${n} (${count + 1})`;
  });
}

