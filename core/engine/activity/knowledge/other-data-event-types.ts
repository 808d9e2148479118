// From "Logging data events", table "Data events supported by AWS CloudTrail":
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html

/**
 * The other data-event resource types the guide lists, accepted in configuration and event
 * selectors and recorded in the report. Which of their calls are data events is not enumerated
 * here: most belong to services newer than the API table (api-operations.ts), so they are
 * unobservable anyway. Some record a call only sometimes (an SES send names a configuration set,
 * a PutEvents an EventBridge endpoint, an S3 object call an access point, only when it uses one:
 * AWS::S3::AccessPoint is "Amazon S3 API activity on access points"), so the call is counted on
 * through the type that records it always (data-event-types.ts). Calls the API table does name keep its
 * management class until their service's page confirms them and the type moves there, unless the
 * doubt is too great to count on a management event (unconfirmed-calls.ts).
 */
export const OTHER_DATA_EVENT_TYPES: readonly string[] = (
  "AWS::S3Tables::Table AWS::S3Tables::TableBucket AWS::S3Vectors::VectorBucket AWS::S3Vectors::Index " +
  "AWS::S3::AccessPoint AWS::S3Outposts::Object AWS::FSx::Volume AWS::SCN::Instance AWS::DSQL::Cluster AWS::B2BI::Transformer " +
  "AWS::Backup::SearchJob AWS::Bedrock::AsyncInvoke AWS::Bedrock::Model AWS::Bedrock::PromptVersion " +
  "AWS::Bedrock::Session AWS::Bedrock::FlowExecution AWS::Bedrock::AutomatedReasoningPolicy " +
  "AWS::Bedrock::AutomatedReasoningPolicyVersion AWS::Bedrock::DataAutomationProject " +
  "AWS::Bedrock::DataAutomationInvocation AWS::Bedrock::DataAutomationProfile AWS::Bedrock::Blueprint " +
  "AWS::Bedrock::Tool AWS::Bedrock::AdvancedOptimizePromptJob AWS::BedrockAgentCore::CodeInterpreter " +
  "AWS::BedrockAgentCore::Browser AWS::BedrockAgentCore::WorkloadIdentity " +
  "AWS::BedrockAgentCore::WorkloadIdentityDirectory AWS::BedrockAgentCore::TokenVault " +
  "AWS::BedrockAgentCore::APIKeyCredentialProvider AWS::BedrockAgentCore::Runtime " +
  "AWS::BedrockAgentCore::RuntimeEndpoint AWS::BedrockAgentCore::Gateway AWS::BedrockAgentCore::Memory " +
  "AWS::BedrockAgentCore::OAuth2CredentialProvider AWS::BedrockAgentCore::BrowserCustom " +
  "AWS::BedrockAgentCore::CodeInterpreterCustom AWS::BedrockAgentCore::Evaluator " +
  "AWS::CloudFront::KeyValueStore AWS::NetworkFlowMonitor::Monitor " +
  "AWS::NetworkFlowMonitor::Scope AWS::CodeGuruProfiler::ProfilingGroup " +
  "AWS::CodeWhisperer::Customization AWS::CodeWhisperer::Profile AWS::DataExchange::Asset " +
  "AWS::Deadline::Fleet AWS::Deadline::Job AWS::Deadline::Queue AWS::Deadline::Worker " +
  "AWS::EC2::InstanceConnectEndpoint AWS::ECS::ContainerInstance AWS::EKS::Dashboard AWS::EMRWAL::Workspace " +
  "AWS::SMSVoice::Message AWS::SocialMessaging::PhoneNumberId " +
  "AWS::SocialMessaging::WabaId AWS::FinSpace::Environment AWS::GameLiftStreams::Application " +
  "AWS::GameLiftStreams::StreamGroup AWS::Glue::Table AWS::GuardDuty::MalwareScan " +
  "AWS::MedicalImaging::Datastore AWS::MedicalImaging::Imageset AWS::IoT::Certificate AWS::IoT::Thing " +
  "AWS::GreengrassV2::Deployment AWS::SitewiseAssistant::Conversation AWS::IoTTwinMaker::Entity " +
  "AWS::IoTTwinMaker::Workspace AWS::Cassandra::Stream AWS::KinesisVideo::SignalingChannel " +
  "AWS::GeoMaps::Provider AWS::GeoPlaces::Provider AWS::GeoRoutes::Provider AWS::MachineLearning::MlModel " +
  "AWS::ManagedBlockchain::Network AWS::ManagedBlockchainQuery::QueryAPI AWS::MWAA::Environment " +
  "AWS::One::UKey AWS::One::User AWS::PaymentCryptography::Alias AWS::PaymentCryptography::Key " +
  "AWS::Pinpoint::App AWS::PCAConnectorAD::Connector AWS::PCAConnectorSCEP::Connector AWS::QApps::QApp " +
  "AWS::QApps::QAppSession AWS::QBusiness::Application AWS::QBusiness::DataSource AWS::QBusiness::Index " +
  "AWS::QBusiness::WebExperience AWS::QBusiness::Integration AWS::QDeveloper::Integration " +
  "AWS::AIOps::InvestigationGroup AWS::Quicksight::ActionConnector AWS::QuickSight::Flow " +
  "AWS::QuickSight::FlowSession AWS::SageMaker::MlflowTrackingServer AWS::Signer::SigningJob " +
  "AWS::Signer::SigningProfile AWS::SES::ConfigurationSet AWS::Events::Endpoint " +
  "AWS::StepFunctions::StateMachine AWS::SSM::ExecutionPreview AWS::SSM::ManagedNode " +
  "AWS::Timestream::RegionalEndpoint AWS::ThinClient::Device AWS::ThinClient::Environment " +
  "AWS::AIDevOps::AgentSpace AWS::AIDevOps::Association AWS::AIDevOps::OperatorAppTeam " +
  "AWS::AIDevOps::PipelineMetadata AWS::AIDevOps::Service AWS::CloudOptimization::Profile " +
  "AWS::CloudOptimization::Recommendation AWS::NovaAct::WorkflowDefinition AWS::NovaAct::WorkflowRun " +
  "AWS::Redshift::Cluster AWS::SupportAccess::Tenant AWS::SupportAccess::TrustingAccount " +
  "AWS::SupportAccess::TrustingRole AWS::Transform::AgentInstance AWS::TransformCustom::Campaign " +
  "AWS::TransformCustom::Conversation AWS::TransformCustom::KnowledgeItem AWS::TransformCustom::Package"
).split(" ");

/** The names `activity.loggedDataEvents` accepted before resource types: kept as aliases. */
export const DATA_EVENT_ALIASES: Readonly<Record<string, string>> = {
  s3: "AWS::S3::Object",
  lambda: "AWS::Lambda::Function",
  dynamodb: "AWS::DynamoDB::Table",
};
