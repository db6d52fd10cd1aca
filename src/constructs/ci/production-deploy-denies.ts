import { BACKUP_ROLE_POLICIES } from "../data/locked-backups";
import type { DeployPermissionsInput, IamStatement } from "./deploy-permissions";

/**
 * Production denies of the deploy role on calls Terraform never makes when it creates a resource, so a
 * first deploy still works while a stolen deploy session cannot take or blind the environment's data.
 * Calls that Terraform's AWS provider makes at create time (PutBucketPolicy, PutLifecycleConfiguration,
 * PutBucketVersioning, PutPublicAccessBlock, PutRetentionPolicy, PutLifecyclePolicy, the backup role's
 * PutRolePolicy) cannot be denied here: docs/ci.md lists them with what still covers them.
 */
export function productionDeployDenies(input: DeployPermissionsInput, scopes: ProductionScopes): IamStatement[] {
  const { partition: p, accountId } = input;
  const prefix = `${input.project}-${input.environmentName}`;
  const backupRole = `arn:${p}:iam::${accountId}:role/${prefix}.backup`;
  const bucketsAndObjects = [`arn:${p}:s3:::${prefix}-*`, `arn:${p}:s3:::${prefix}-*/*`];
  return [
    // Turning off RDS's management of the master password takes a password of the caller's choosing (and RDS
    // deletes the managed secret). The stacks always let RDS manage it, so no Terraform call sends `false`.
    {
      Sid: "ProdDatabaseKeepsItsManagedPassword",
      Effect: "Deny",
      Action: [
        "rds:CreateDBCluster",
        "rds:CreateDBInstance",
        "rds:ModifyDBCluster",
        "rds:ModifyDBInstance",
        "rds:RestoreDBClusterFromSnapshot",
        "rds:RestoreDBClusterToPointInTime",
      ],
      Resource: ["*"],
      Condition: { Bool: { "rds:ManageMasterUserPassword": "false" } },
    },
    // Moving the database into other subnets is an administrator's change (Terraform creates the group with
    // CreateDBSubnetGroup). Not rds:DeleteDBInstance: scaling readers down deletes one, the cluster keeps the data.
    {
      Sid: "ProdDatabaseStaysInItsSubnets",
      Effect: "Deny",
      Action: ["rds:ModifyDBSubnetGroup", "rds:DeleteDBCluster"],
      Resource: ["*"],
    },
    // None of these is made when a bucket is created; the stacks use no replication, notification, inventory or ACL.
    {
      Sid: "ProdBucketsNeverShareOrCopy",
      Effect: "Deny",
      Action: [
        "s3:DeleteBucketPolicy",
        "s3:PutReplicationConfiguration",
        "s3:PutBucketAcl",
        "s3:PutObjectAcl",
        "s3:PutInventoryConfiguration",
        "s3:PutBucketNotification",
      ],
      Resource: bucketsAndObjects,
    },
    // The backup role is the one role the boundary lets touch the database and its snapshots: its trust, its
    // policies and where it is passed stay what the data stack made. Not iam:PutRolePolicy: the data stack
    // creates its inline key policy with that call.
    {
      Sid: "ProdBackupRoleKeepsItsTrust",
      Effect: "Deny",
      Action: ["iam:UpdateAssumeRolePolicy", "iam:DeleteRolePolicy"],
      Resource: [backupRole],
    },
    {
      Sid: "ProdBackupRoleOnlyBackupPolicies",
      Effect: "Deny",
      Action: ["iam:AttachRolePolicy"],
      Resource: [backupRole],
      Condition: { ArnNotEquals: { "iam:PolicyARN": BACKUP_ROLE_POLICIES.map((name) => `arn:${p}:iam::aws:policy/${name}`) } },
    },
    // A pod identity association passes its role to pods.eks.amazonaws.com: refused for the backup role.
    {
      Sid: "ProdBackupRoleOnlyToBackup",
      Effect: "Deny",
      Action: ["iam:PassRole"],
      Resource: [backupRole],
      Condition: { StringNotEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
    },
    // The service secrets' values are set by people, outside Terraform (which only calls CreateSecret; an
    // UpdateSecret follows a description or key change, applied in production by an administrator).
    {
      Sid: "ProdServiceSecretsStayAsSet",
      Effect: "Deny",
      Action: [
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecret",
        "secretsmanager:UpdateSecretVersionStage",
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:DeleteResourcePolicy",
        "secretsmanager:RotateSecret",
        "secretsmanager:CancelRotateSecret",
      ],
      Resource: scopes.secrets,
    },
    // Create passes the key in CreateLogGroup; AssociateKmsKey/DisassociateKmsKey only change it later.
    {
      Sid: "ProdKeepsTheLogs",
      Effect: "Deny",
      Action: [
        "logs:DeleteLogGroup",
        "logs:DeleteLogStream",
        "logs:DeleteRetentionPolicy",
        "logs:AssociateKmsKey",
        "logs:DisassociateKmsKey",
      ],
      Resource: scopes.logGroups,
    },
    // Terraform creates a repository with CreateRepository and its lifecycle with PutLifecyclePolicy; the
    // stacks set no repository policy.
    {
      Sid: "ProdKeepsTheRepositories",
      Effect: "Deny",
      Action: ["ecr:DeleteRepository", "ecr:DeleteLifecyclePolicy", "ecr:DeleteRepositoryPolicy", "ecr:SetRepositoryPolicy"],
      Resource: scopes.repositories,
    },
    { Sid: "ProdKeepsTheCluster", Effect: "Deny", Action: ["eks:DeleteCluster"], Resource: scopes.cluster },
    // Only the environment's administrators and its node roles get into the cluster (eks:principalArn names
    // the IAM principal of the new access entry).
    {
      Sid: "ProdClusterAccessOnlyForKnownRoles",
      Effect: "Deny",
      Action: ["eks:CreateAccessEntry"],
      Resource: ["*"],
      ...(scopes.clusterPrincipals.length > 0
        ? { Condition: { ArnNotEquals: { "eks:principalArn": [...scopes.clusterPrincipals] } } }
        : {}),
    },
  ];
}

/** The ARNs the production denies name, from the deploy role's scopes and the environment file. */
export interface ProductionScopes {
  readonly secrets: readonly string[];
  readonly logGroups: readonly string[];
  readonly repositories: readonly string[];
  readonly cluster: readonly string[];
  /** Principals that get a cluster access entry: the cluster's admin roles and the node roles. */
  readonly clusterPrincipals: readonly string[];
}
