"""Which kinds of value the SAM translator accepts for each property, asked of the translator itself.

   python3 scripts/gen-sam-translator-kinds.py > schemas/sources/sam/translator-kinds.json

SAM's published JSON schema (sam.schema.json, from which our SAM model is generated) is stricter than
the translator in places: it declares an AWS::Serverless::Api's `EndpointConfiguration` a map, where
the transform takes a string too (`EndpointConfiguration: REGIONAL`, common in real templates). A
deploy is rejected by the translator, not by that schema, so an error must follow the translator.

For each SAM resource type and each event source type, this script starts from a minimal template the
translator transforms, sets one property at a time to a value of each kind (a string, a number, a
boolean, a list, a map) and runs the whole transform. It records the kinds the transform accepted. The
language server then reports a value of a kind the schema does not declare as an error only when the
translator rejected that kind; otherwise as a warning. (A value can be rejected for what it says rather
than its kind, "text" for PackageType say; that only ever keeps an error, never adds one.)

Needs samtranslator (pip); the output is data, committed, so the language server never needs Python.
"""
import copy
import logging
import json
import os

import importlib.util

import samtranslator
from samtranslator.parser.parser import Parser
from samtranslator.plugins.application.serverless_app_plugin import ServerlessAppPlugin
from samtranslator.translator.translator import Translator

# The stand-in Serverless Application Repository of the reference verdict (scripts/sam-oracle.py).
_oracle_spec = importlib.util.spec_from_file_location("sam_oracle", os.path.join(os.path.dirname(__file__), "sam-oracle.py"))
_oracle = importlib.util.module_from_spec(_oracle_spec)
_oracle_spec.loader.exec_module(_oracle)
StandInRepository = _oracle.StandInRepository

SAMPLES = {"string": "text", "number": 7, "boolean": True, "list": ["text"], "map": {"Key": "text"}}
S3 = "s3://bucket/key"
ROLE = "arn:aws:iam::123456789012:role/r"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:q"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/s"

FUNCTION = {"CodeUri": S3, "Handler": "index.handler", "Runtime": "python3.12"}
BASES = {
    "AWS::Serverless::Function": FUNCTION,
    "AWS::Serverless::Api": {"StageName": "prod"},
    "AWS::Serverless::HttpApi": {},
    "AWS::Serverless::SimpleTable": {},
    "AWS::Serverless::LayerVersion": {"ContentUri": S3},
    "AWS::Serverless::Application": {
        "Location": {"ApplicationId": "arn:aws:serverlessrepo:us-east-1:123456789012:applications/app", "SemanticVersion": "1.0.0"}
    },
    "AWS::Serverless::StateMachine": {"Definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, "Role": ROLE},
    "AWS::Serverless::WebSocketApi": {
        "RouteSelectionExpression": "$request.body.action",
        "Routes": {"$default": {"FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f"}},
    },
}
PYDANTIC_BASES = {
    "AWS::Serverless::GraphQLApi": {"SchemaInline": "type Query { a: String }", "Auth": {"Type": "API_KEY"}},
    "AWS::Serverless::CapacityProvider": {"VpcConfig": {"SubnetIds": ["subnet-12345678"]}},
}
EVENTS = {
    "AlexaSkill": {},
    "Api": {"Path": "/p", "Method": "get"},
    "CloudWatchEvent": {"Pattern": {"source": ["aws.ec2"]}},
    "CloudWatchLogs": {"LogGroupName": "g", "FilterPattern": "p"},
    "DocumentDB": {
        "Cluster": "arn:aws:rds:us-east-1:123456789012:cluster:c",
        "DatabaseName": "d",
        "CollectionName": "c",
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}],
        "StartingPosition": "LATEST",
    },
    "DynamoDB": {"Stream": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/s", "StartingPosition": "LATEST"},
    "EventBridgeRule": {"Pattern": {"source": ["aws.ec2"]}},
    "HttpApi": {"Path": "/p", "Method": "get"},
    "IoTRule": {"Sql": "SELECT * FROM 't'"},
    "Kinesis": {"Stream": STREAM, "StartingPosition": "LATEST"},
    "MQ": {
        "Broker": "arn:aws:mq:us-east-1:123456789012:broker:b:id",
        "Queues": ["q"],
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}],
    },
    "MSK": {"Stream": "arn:aws:kafka:us-east-1:123456789012:cluster/c/id", "StartingPosition": "LATEST", "Topics": ["t"]},
    "S3": {"Bucket": {"Ref": "Bucket"}, "Events": "s3:ObjectCreated:*"},
    "SNS": {"Topic": "arn:aws:sns:us-east-1:123456789012:t"},
    "SQS": {"Queue": QUEUE},
    "Schedule": {"Schedule": "rate(1 minute)"},
    "ScheduleV2": {"ScheduleExpression": "rate(1 minute)"},
    "SelfManagedKafka": {
        "KafkaBootstrapServers": ["b:9092"],
        "Topics": ["t"],
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}],
    },
}


def transforms(resources, check_types=False):
    """Whether a deploy takes the value's kind: the transform accepts the template and, with
    check_types, CloudFormation's resource schemas take the kinds of the values it generated (cfn-lint
    E3012 on the transformed template; its other findings are about values, not kinds)."""
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": resources}
    try:
        out = Translator(managed_policy_map={}, sam_parser=Parser(), plugins=[ServerlessAppPlugin(sar_client=StandInRepository())]).translate(
            sam_template=template, parameter_values={}, get_managed_policy_map=lambda: {}
        )
    except Exception:  # InvalidDocumentException, or the translator failing on the value
        return False
    if not check_types:
        return True
    from cfnlint.api import lint

    return not any(m.rule.id == "E3012" for m in lint(json.dumps(out, default=str), regions=["us-east-1"]))


def ignores_unknown(make, props):
    """Whether the transform takes a property it does not know (it ignores it) rather than failing."""
    return transforms(make(dict(props, NotAPropertyOfThisType="text")))


def probe(make, props, names, declared):
    """For each property name: the kinds a deploy accepts, from a base it accepts. The kinds the
    model already declares are taken as they are; the others are asked of the translator and, when it
    takes them, of CloudFormation's schemas for what it generated."""
    if not transforms(make(props), check_types=True):
        raise SystemExit(f"the base template is rejected: {json.dumps(make(props))}")
    out = {}
    for name in sorted(names):
        kinds = []
        for kind, value in SAMPLES.items():
            changed = copy.deepcopy(props)
            changed[name] = copy.deepcopy(value)
            if kind in declared(name) or transforms(make(changed), check_types=True):
                kinds.append(kind)
        out[name] = kinds
    return out


def shapes(t):
    """The kinds of value a type of our model (schemas/cfn-schema.json) declares."""
    if isinstance(t, str):
        return {"s": {"string", "number", "boolean"}, "n": {"number", "string"}, "i": {"number", "string"}, "b": {"boolean", "string"}}.get(
            t, set(SAMPLES)
        )
    if "e" in t:
        return {"string"}
    if "a" in t:
        return {"list"}
    if "m" in t or "r" in t:
        return {"map"}
    out = set()
    for alt in t.get("u", []):
        out |= shapes(alt)
    return out


def main():
    logging.disable(logging.CRITICAL)  # the translator logs every metric it records
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(os.path.join(os.path.dirname(__file__), "..", "schemas", "cfn-schema.json")) as f:
        model = json.load(f)
    resources = {}
    ignored = []
    for rtype, base in BASES.items():
        spec = model["resources"][rtype]["p"]
        make = lambda p, t=rtype: {"R": {"Type": t, "Properties": p}}  # noqa: E731
        resources[rtype] = probe(make, base, spec.keys(), lambda n, s=spec: shapes(s[n]["t"]))
        if ignores_unknown(make, base):
            ignored.append(rtype)
    # Types the translator checks with its pydantic models only, whose unknown keys it may ignore.
    for rtype, base in PYDANTIC_BASES.items():
        if not transforms({"R": {"Type": rtype, "Properties": base}}):
            raise SystemExit(f"the base template of {rtype} is rejected")
        if ignores_unknown(lambda p, t=rtype: {"R": {"Type": t, "Properties": p}}, base):
            ignored.append(rtype)
    events = {}
    for etype, base in EVENTS.items():
        spec = model["events"][etype]

        def make(p, t=etype):
            fn = dict(FUNCTION, Events={"E": {"Type": t, "Properties": p}})
            return {"F": {"Type": "AWS::Serverless::Function", "Properties": fn}, "Bucket": {"Type": "AWS::S3::Bucket"}}

        events[etype] = probe(make, base, spec.keys(), lambda n, s=spec: shapes(s[n]["t"]))
    print(
        json.dumps(
            {
                "source": f"samtranslator {samtranslator.__version__} (Apache-2.0), probed by scripts/gen-sam-translator-kinds.py",
                "resources": resources,
                "ignoresUnknownProperties": sorted(ignored),
                "events": events,
            },
            indent=1,
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
