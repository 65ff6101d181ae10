"""The reference verdict on SAM/CloudFormation templates, from the tools the field uses.

   python3 scripts/sam-oracle.py FILE... (or file paths on stdin, one a line)

Prints one JSON line a file: {"file", "errors": [{"rule", "line", "message"}]}. The errors are
cfn-lint's error-level findings (its E rules), which include the SAM translator's own (E0001: the
template cannot be transformed; cfn-lint runs samtranslator itself). Warnings and informational
findings are left out: the question this answers is "will a deploy reject this?".

A template the translator tests call directly has no Transform line; pass --transform to put it back,
as SAM CLI would see the template. Needs cfn-lint (pip); scripts/sam-differential.mjs compares our
language server's verdict with this one.
"""
import json
import re
import sys

try:
    from cfnlint.api import lint
except ImportError:  # pragma: no cover - reported to the caller
    print(json.dumps({"unavailable": "cfn-lint is not installed for " + sys.executable}))
    sys.exit(3)

TRANSFORM = "Transform: AWS::Serverless-2016-10-31\n"
HEAD = re.compile(r"^(?:(?:%.*|---.*|#.*)?\r?\n)*")


def with_transform(text: str) -> str:
    if re.search(r"^Transform:", text, re.M) or text.lstrip().startswith("{"):
        return text
    head = HEAD.match(text).group(0)
    return head + TRANSFORM + text[len(head):]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    transform = "--transform" in sys.argv
    files = args or [line.strip() for line in sys.stdin if line.strip()]
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if transform:
                text = with_transform(text)
            matches = lint(text, regions=["us-east-1"])
            errors = [
                {"rule": m.rule.id, "line": m.linenumber, "message": m.message}
                for m in matches
                if m.rule.id.startswith("E")
            ]
        except Exception as e:  # a crash of the oracle is not a verdict
            errors = None
            print(json.dumps({"file": path, "crash": repr(e)[:300]}), flush=True)
            continue
        print(json.dumps({"file": path, "errors": errors}), flush=True)


if __name__ == "__main__":
    main()
