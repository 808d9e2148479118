/**
 * Risk classes of IAM actions, as data. Credentials-exposure and resource-exposure come from
 * policy_sentry's audit lists (salesforce/policy_sentry, MIT: its policy_sentry/shared/data/audit/*.txt,
 * the lists Cloudsplaining uses), kept where the action catalog still has the action. Data-exfiltration is
 * Cloudsplaining's set of actions that read stored data or secrets. Infrastructure modification is
 * not a list: it is every Write-level action of the catalog (see infrastructure-modification.ts).
 */
const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

/** Actions that return credentials, tokens or passwords usable elsewhere. */
export const CREDENTIALS_EXPOSURE = words(`
  codepipeline:PollForJobs cognito-idp:AssociateSoftwareToken cognito-identity:GetOpenIdToken
  cognito-identity:GetOpenIdTokenForDeveloperIdentity cognito-identity:GetCredentialsForIdentity
  connect:GetFederationToken ecr:GetAuthorizationToken gamelift:RequestUploadCredentials
  iam:CreateAccessKey iam:CreateLoginProfile iam:CreateServiceSpecificCredential
  iam:ResetServiceSpecificCredential iam:UpdateAccessKey lightsail:GetInstanceAccessDetails
  lightsail:GetRelationalDatabaseMasterUserPassword mediapackage:RotateIngestEndpointCredentials
  rds-db:connect redshift:GetClusterCredentials sts:AssumeRole sts:AssumeRoleWithSAML
  sts:AssumeRoleWithWebIdentity sts:GetFederationToken sts:GetSessionToken
`);

/** Actions that read stored objects, parameters or secrets. */
export const DATA_EXFILTRATION = words(`
  s3:GetObject ssm:GetParameter ssm:GetParameters ssm:GetParametersByPath secretsmanager:GetSecretValue
`);

/** Actions that change who can reach a resource: resource policies, sharing, grants. */
export const RESOURCE_EXPOSURE = words(`
  acm-pca:CreatePermission acm-pca:DeletePermission cloudformation:SetStackPolicy
  cloudsearch:UpdateServiceAccessPolicies codestar:AssociateTeamMember codestar:CreateProject
  codestar:DeleteProject codestar:DisassociateTeamMember codestar:UpdateTeamMember
  connect:GetFederationToken ds:CreateConditionalForwarder ds:CreateDirectory
  ds:CreateIdentityPoolDirectory ds:CreateMicrosoftAD ds:CreateTrust
  ec2:CreateNetworkInterfacePermission ec2:DeleteNetworkInterfacePermission
  ec2:ModifySnapshotAttribute ec2:ModifyVpcEndpointServicePermissions ec2:ResetSnapshotAttribute
  ecr:SetRepositoryPolicy elasticmapreduce:PutBlockPublicAccessConfiguration glacier:AbortVaultLock
  glacier:CompleteVaultLock glacier:DeleteVaultAccessPolicy glacier:InitiateVaultLock
  glacier:SetDataRetrievalPolicy glacier:SetVaultAccessPolicy greengrass:AssociateServiceRoleToAccount
  iam:AddClientIDToOpenIDConnectProvider iam:AddRoleToInstanceProfile iam:AddUserToGroup
  iam:AttachGroupPolicy iam:AttachRolePolicy iam:AttachUserPolicy iam:ChangePassword
  iam:CreateAccessKey iam:CreateAccountAlias iam:CreateGroup iam:CreateInstanceProfile
  iam:CreateLoginProfile iam:CreateOpenIDConnectProvider iam:CreatePolicy iam:CreatePolicyVersion
  iam:CreateRole iam:CreateSAMLProvider iam:CreateServiceLinkedRole
  iam:CreateServiceSpecificCredential iam:CreateUser iam:CreateVirtualMFADevice
  iam:DeactivateMFADevice iam:DeleteAccessKey iam:DeleteAccountAlias iam:DeleteAccountPasswordPolicy
  iam:DeleteGroup iam:DeleteGroupPolicy iam:DeleteInstanceProfile iam:DeleteLoginProfile
  iam:DeleteOpenIDConnectProvider iam:DeletePolicy iam:DeletePolicyVersion iam:DeleteRole
  iam:DeleteRolePermissionsBoundary iam:DeleteRolePolicy iam:DeleteSAMLProvider iam:DeleteSSHPublicKey
  iam:DeleteServerCertificate iam:DeleteServiceLinkedRole iam:DeleteServiceSpecificCredential
  iam:DeleteSigningCertificate iam:DeleteUser iam:DeleteUserPermissionsBoundary iam:DeleteUserPolicy
  iam:DeleteVirtualMFADevice iam:DetachGroupPolicy iam:DetachRolePolicy iam:DetachUserPolicy
  iam:EnableMFADevice iam:PassRole iam:PutGroupPolicy iam:PutRolePermissionsBoundary iam:PutRolePolicy
  iam:PutUserPermissionsBoundary iam:PutUserPolicy iam:RemoveClientIDFromOpenIDConnectProvider
  iam:RemoveRoleFromInstanceProfile iam:RemoveUserFromGroup iam:ResetServiceSpecificCredential
  iam:ResyncMFADevice iam:SetDefaultPolicyVersion iam:SetSecurityTokenServicePreferences
  iam:UpdateAccessKey iam:UpdateAccountPasswordPolicy iam:UpdateAssumeRolePolicy iam:UpdateGroup
  iam:UpdateLoginProfile iam:UpdateOpenIDConnectProviderThumbprint iam:UpdateRole
  iam:UpdateRoleDescription iam:UpdateSAMLProvider iam:UpdateSSHPublicKey iam:UpdateServerCertificate
  iam:UpdateServiceSpecificCredential iam:UpdateSigningCertificate iam:UpdateUser
  iam:UploadSSHPublicKey iam:UploadServerCertificate iam:UploadSigningCertificate iot:AttachPolicy
  iot:AttachPrincipalPolicy iot:DetachPolicy iot:DetachPrincipalPolicy iot:SetDefaultAuthorizer
  iot:SetDefaultPolicyVersion kms:CreateGrant kms:PutKeyPolicy kms:RetireGrant kms:RevokeGrant
  lakeformation:BatchGrantPermissions lakeformation:BatchRevokePermissions
  lakeformation:GrantPermissions lakeformation:PutDataLakeSettings lakeformation:RevokePermissions
  lambda:AddLayerVersionPermission lambda:AddPermission lambda:EnableReplication
  lambda:RemoveLayerVersionPermission lambda:RemovePermission license-manager:UpdateServiceSettings
  lightsail:GetInstanceAccessDetails lightsail:GetRelationalDatabaseMasterUserPassword
  mediastore:DeleteContainerPolicy mediastore:PutContainerPolicy opsworks:SetPermission
  opsworks:UpdateUserProfile ram:AcceptResourceShareInvitation ram:AssociateResourceShare
  ram:CreateResourceShare ram:DeleteResourceShare ram:DisassociateResourceShare
  ram:EnableSharingWithAwsOrganization ram:RejectResourceShareInvitation ram:UpdateResourceShare
  rds:AuthorizeDBSecurityGroupIngress rds-db:connect redshift:AuthorizeClusterSecurityGroupIngress
  redshift:AuthorizeSnapshotAccess redshift:CreateClusterUser redshift:CreateSnapshotCopyGrant
  redshift:GetClusterCredentials redshift:JoinGroup redshift:ModifyClusterIamRoles
  redshift:RevokeClusterSecurityGroupIngress redshift:RevokeSnapshotAccess
  redshift:RotateEncryptionKey s3:DeleteBucketPolicy s3:ObjectOwnerOverrideToBucketOwner
  s3:PutAccountPublicAccessBlock s3:PutBucketAcl s3:PutBucketPolicy s3:PutBucketPublicAccessBlock
  s3:PutObjectAcl s3:PutObjectVersionAcl secretsmanager:DeleteResourcePolicy
  secretsmanager:PutResourcePolicy servicecatalog:CreatePortfolioShare
  servicecatalog:DeletePortfolioShare sns:AddPermission sns:RemovePermission sqs:AddPermission
  sqs:RemovePermission sso:AssociateDirectory sso:AssociateProfile sso:CreateApplicationInstance
  sso:CreateApplicationInstanceCertificate sso:CreatePermissionSet sso:CreateProfile sso:CreateTrust
  sso:DeleteApplicationInstance sso:DeleteApplicationInstanceCertificate sso:DeletePermissionSet
  sso:DeleteProfile sso:DisassociateDirectory sso:DisassociateProfile
  sso:ImportApplicationInstanceServiceProviderMetadata sso:PutPermissionsPolicy sso:StartSSO
  sso:UpdateApplicationInstanceActiveCertificate sso:UpdateApplicationInstanceDisplayData
  sso:UpdateApplicationInstanceResponseConfiguration
  sso:UpdateApplicationInstanceResponseSchemaConfiguration
  sso:UpdateApplicationInstanceSecurityConfiguration
  sso:UpdateApplicationInstanceServiceProviderConfiguration sso:UpdateApplicationInstanceStatus
  sso:UpdatePermissionSet sso:UpdateProfile sso:UpdateSSOConfiguration sso:UpdateTrust
  sso-directory:AddMemberToGroup sso-directory:CreateAlias sso-directory:CreateGroup
  sso-directory:CreateUser sso-directory:DeleteGroup sso-directory:DeleteUser
  sso-directory:DisableUser sso-directory:EnableUser sso-directory:RemoveMemberFromGroup
  sso-directory:UpdateGroup sso-directory:UpdatePassword sso-directory:UpdateUser
  sso-directory:VerifyEmail waf:CreateWebACL waf:DeletePermissionPolicy waf:DeleteWebACL
  waf:GetChangeToken waf:PutPermissionPolicy waf:UpdateWebACL waf-regional:CreateWebACL
  waf-regional:DeletePermissionPolicy waf-regional:DeleteWebACL waf-regional:GetChangeToken
  waf-regional:PutPermissionPolicy waf-regional:UpdateWebACL xray:PutEncryptionConfig
`);

/**
 * Write actions that share a resource with every AWS account: an AMI's or an FPGA image's launch
 * or load permission, or a manual RDS snapshot's restore attribute, set to `all`.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyFpgaImageAttribute.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshotAttribute.html
 */
export const SHARING_WRITES = words(`
  ec2:ModifyImageAttribute ec2:ModifyFpgaImageAttribute rds:ModifyDBSnapshotAttribute
  rds:ModifyDBClusterSnapshotAttribute
`);

/**
 * Write actions that attach a policy naming who may reach a resource, another account or anyone
 * included, under another name than PutResourcePolicy: a CodeArtifact domain's or repository's
 * permissions policy, a Serverless Application Repository application's policy, OpenSearch
 * Serverless data access policies and network (security) policies, which may open a collection to
 * the internet, and HealthOmics' S3 access policy.
 * https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_PutRepositoryPermissionsPolicy.html
 * https://docs.aws.amazon.com/serverlessrepo/latest/devguide/access-control-resource-based.html
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-data-access.html
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-network.html
 */
export const POLICY_WRITES = words(`
  codeartifact:PutDomainPermissionsPolicy codeartifact:PutRepositoryPermissionsPolicy
  serverlessrepo:PutApplicationPolicy aoss:CreateAccessPolicy aoss:UpdateAccessPolicy
  aoss:CreateSecurityPolicy aoss:UpdateSecurityPolicy omics:PutS3AccessPolicy
`);
