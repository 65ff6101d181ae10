// The translator's own test templates leave out the `Transform: AWS::Serverless-2016-10-31` line (its
// tests call the translator directly): put it back, as SAM CLI would see the template. Directives and
// document-start lines stay first; a JSON template is left as it is.
export function withTransform(text) {
  if (/^Transform:/m.test(text) || text.trimStart().startsWith('{')) return text;
  const head = /^(?:(?:%.*|---.*|#.*)?\r?\n)*/.exec(text)[0];
  return `${head}Transform: AWS::Serverless-2016-10-31\n${text.slice(head.length)}`;
}
