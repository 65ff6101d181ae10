"""The reference verdict on SAM/CloudFormation templates, from the tools the field uses.

   python3 scripts/sam-oracle.py FILE... (or file paths on stdin, one a line)

Prints one JSON line a file: {"file", "errors": [{"rule", "line", "message"}]}. The errors are the
union of two verdicts, because the question this answers is "will a deploy reject this?":
- cfn-lint's error-level findings (its E rules; warnings and informational findings left out), which
  check the transformed template against CloudFormation's resource schemas;
- the SAM translator's own, run directly (rule "SAM"). Where cfn-lint's own transform fails but the
  translator's does not, cfn-lint checks the translator's output instead. cfn-lint runs the translator too, but first
  overwrites what it cannot resolve (any CodeUri that is not an S3 location, including a list; an Api's
  DefinitionBody with "" whenever Auth or Cors is set; an Application's Location), which hides the
  translator's checks of those. Here the template is packaged as `sam package` and
  `aws cloudformation package` do it instead: a local path (or, where the packager uploads the
  template's folder for a missing property, nothing) becomes an S3 location; anything else is left as
  written. The Serverless Application Repository is answered by a stand-in that finds every
  application. cfn-lint's own transform errors (E0001) are dropped in favour of these.

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


S3 = "s3://packaged-bucket/packaged-key"
# What `aws cloudformation package` uploads (customizations/cloudformation/artifact_exporter.py): the
# property, and whether a missing one is packaged from the template's folder (PACKAGE_NULL_PROPERTY).
PACKAGED = {
    "AWS::Serverless::Function": ("CodeUri", True),
    "AWS::Serverless::LayerVersion": ("ContentUri", True),
    "AWS::Serverless::Api": ("DefinitionUri", False),
    "AWS::Serverless::HttpApi": ("DefinitionUri", False),
    "AWS::Serverless::StateMachine": ("DefinitionUri", False),
    "AWS::Serverless::GraphQLApi": ("SchemaUri", False),
}


def package(template):
    """The template as `sam package` leaves it: local artifact paths replaced by S3 locations."""
    resources = template.get("Resources")
    globals_fn = (template.get("Globals") or {}).get("Function") if isinstance(template.get("Globals"), dict) else None
    if isinstance(globals_fn, dict) and isinstance(globals_fn.get("CodeUri"), str) and not globals_fn["CodeUri"].startswith("s3://"):
        globals_fn["CodeUri"] = S3
    if not isinstance(resources, dict):
        return template
    for r in resources.values():
        if not isinstance(r, dict) or not isinstance(r.get("Properties"), dict):
            if isinstance(r, dict) and r.get("Type") in ("AWS::Serverless::Function", "AWS::Serverless::LayerVersion") and "Properties" not in r:
                prop = PACKAGED[r["Type"]][0]
                if not (prop == "CodeUri" and isinstance(globals_fn, dict) and "CodeUri" in globals_fn):
                    r["Properties"] = {prop: S3}
            continue
        props = r["Properties"]
        rtype = r.get("Type")
        if rtype in PACKAGED:
            prop, null_packaged = PACKAGED[rtype]
            value = props.get(prop)
            if isinstance(value, str) and not value.startswith("s3://"):
                props[prop] = S3
            elif value is None and null_packaged and prop not in props:
                image = props.get("PackageType") == "Image" or (isinstance(globals_fn, dict) and globals_fn.get("PackageType") == "Image")
                inline = "InlineCode" in props or (isinstance(globals_fn, dict) and "InlineCode" in globals_fn)
                in_globals = prop == "CodeUri" and isinstance(globals_fn, dict) and "CodeUri" in globals_fn
                if not (image or inline or in_globals):
                    props[prop] = S3
        if rtype == "AWS::Serverless::Application" and isinstance(props.get("Location"), str):
            props["Location"] = "https://s3.amazonaws.com/packaged-bucket/packaged-key"
    return template


class StandInRepository:
    """The Serverless Application Repository, as far as the translator asks it: every application exists."""

    def get_application(self, **kwargs):
        return {"ApplicationId": kwargs.get("ApplicationId"), "Version": {"SemanticVersion": kwargs.get("SemanticVersion")}}

    def create_cloud_formation_template(self, **kwargs):
        return {"Status": "ACTIVE", "TemplateId": "t", "TemplateUrl": "https://s3.amazonaws.com/packaged-bucket/app.yaml"}

    def get_cloud_formation_template(self, **kwargs):
        return self.create_cloud_formation_template()


_policies = None


def translator_errors(text: str):
    """The SAM translator's verdict on the packaged template: ([], output) when it transforms, else
    (its messages, None)."""
    global _policies
    import copy
    import json as _json
    import os

    from cfnlint.decode import decode_str
    from samtranslator.parser.parser import Parser
    from samtranslator.plugins.application.serverless_app_plugin import ServerlessAppPlugin
    from samtranslator.public.exceptions import InvalidDocumentException
    from samtranslator.translator.translator import Translator

    template, problems = decode_str(text)
    if problems or not isinstance(template, dict):
        return [], None  # cfn-lint reports what cannot be read
    transforms = template.get("Transform")
    names = transforms if isinstance(transforms, list) else [transforms]
    if "AWS::Serverless-2016-10-31" not in names:
        return [], None
    if _policies is None:
        import cfnlint.data.Serverless as data

        with open(os.path.join(os.path.dirname(data.__file__), "ManagedPolicies.json")) as f:
            _policies = _json.load(f)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    template = package(copy.deepcopy(_json.loads(_json.dumps(template, default=str))))
    plugin = ServerlessAppPlugin(sar_client=StandInRepository())
    try:
        output = Translator(managed_policy_map=_policies, sam_parser=Parser(), plugins=[plugin]).translate(
            sam_template=template, parameter_values={}, get_managed_policy_map=lambda: _policies
        )
    except InvalidDocumentException as e:
        return [{"rule": "SAM", "line": 1, "message": c.message} for c in e.causes], None
    except Exception as e:  # the translator crashing on a template is its rejection of it
        return [{"rule": "SAM", "line": 1, "message": "translator failed: " + repr(e)[:200]}], None
    return [], output


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
            sam_errors, output = translator_errors(text)
            if output is not None and any(m.rule.id == "E0001" for m in matches):
                # cfn-lint's own transform failed where the translator, on the packaged template, did
                # not: check what the translator generated instead (line numbers are lost).
                matches = [m for m in matches if m.rule.id != "E0001"] + [
                    m for m in lint(json.dumps(output, default=str), regions=["us-east-1"]) if not m.rule.id.startswith("E0")
                ]
            # cfn-lint's transform errors give way to the translator's own verdict on SAM templates only;
            # on others they come from the language extensions or the template's structure.
            sam = "AWS::Serverless-2016-10-31" in text
            errors = [
                {"rule": m.rule.id, "line": m.linenumber or 1, "message": m.message}
                for m in matches
                if m.rule.id.startswith("E") and not (sam and m.rule.id == "E0001")
            ] + sam_errors
        except Exception as e:  # a crash of the oracle is not a verdict
            errors = None
            print(json.dumps({"file": path, "crash": repr(e)[:300]}), flush=True)
            continue
        print(json.dumps({"file": path, "errors": errors}), flush=True)


if __name__ == "__main__":
    main()
