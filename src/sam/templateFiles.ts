// Which files are templates whatever their content: template.yaml, template.yml and template.json
// (the names SAM CLI looks for), and the globs of the `lambdaWorkbench.sam.templates` setting. Such a
// file is always checked, so a template whose Resources key is misspelt still gets its diagnostic.

const ALWAYS = /(^|\/)template\.(ya?ml|json)$/i;

/** A glob (`**`, `*`, `?`, `{a,b}`) as a regular expression over a '/'-separated path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, close)
          .split(',')
          .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  // A relative glob may match anywhere below the workspace folder.
  return new RegExp(glob.startsWith('/') ? `^${re}$` : `(?:^|/)${re}$`);
}

export function isTemplateFile(uri: string, globs: readonly string[] = []): boolean {
  let path: string;
  try {
    path = decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/[^/]*)?/i, ''));
  } catch {
    path = uri;
  }
  path = path.replace(/\\/g, '/');
  return ALWAYS.test(path) || globs.some((g) => globToRegExp(g).test(path));
}
