// The generated SAM template of bench/sam.bench.ts (n functions, each with an SQS queue, a Ref, a Sub
// and a GetAtt), shared with scripts/profile-sam.mjs so the profile looks at what the bench measures.
export function samTemplate(n: number): string {
  let s =
    "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nDescription: generated\nGlobals:\n  Function:\n    Runtime: nodejs22.x\n    Timeout: 10\nParameters:\n  Stage:\n    Type: String\nResources:\n  Table:\n    Type: AWS::Serverless::SimpleTable\n";
  for (let i = 0; i < n; i++) {
    s += `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://bucket/fn${i}.zip\n      Handler: app.handler\n      MemorySize: 256\n      Description: function number ${i}\n      Environment:\n        Variables:\n          TABLE: !Ref Table\n          STAGE: !Sub "\${Stage}-fn${i}"\n      Events:\n        Queue:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Q${i}.Arn\n            BatchSize: 10\n  Q${i}:\n    Type: AWS::SQS::Queue\n`;
  }
  return s;
}

/** The offset range of the bench's one-character edit: the last digit of a Description past the middle. */
export function editOffset(text: string): { line: number; character: number; offset: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('Description: function number'));
  const character = lines[line].length - 1;
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  return { line, character, offset: offset + character };
}
