// The SAM rules of each resource type: what the SAM transform rejects that the schema cannot express.
// Each reports on the offending key or value, blaming the SAM resource.
import type { TNode } from '../../ast';
import type { ResourceEntry, Template } from '../../template';
import type { Sink } from '../sink';
import { httpApi, restApi, webSocket } from './apis';
import { functionRules } from './functions';
import { application, capacityProvider, connector, stateMachine, table } from './otherResources';

export function samRules(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  switch (r.type) {
    case 'AWS::Serverless::Api':
      return restApi(t, r, props, sink);
    case 'AWS::Serverless::HttpApi':
      return httpApi(t, r, props, sink);
    case 'AWS::Serverless::Function':
      return functionRules(t, r, props, sink);
    case 'AWS::Serverless::StateMachine':
      return stateMachine(props, sink);
    case 'AWS::Serverless::SimpleTable':
      return table(props, sink);
    case 'AWS::Serverless::Application':
      return application(props, sink);
    case 'AWS::Serverless::WebSocketApi':
      return webSocket(props, sink);
    case 'AWS::Serverless::Connector':
      return connector(props, sink);
    case 'AWS::Serverless::CapacityProvider':
      return capacityProvider(props, sink);
  }
}
