// A role trusting app.terraform.io with a comment line above it, for tests of suppression comments.
import { tf } from './tf.js';

/** `org` goes into the sub pattern; `*` makes no-wildcard-organization fire on the role. */
export const roleWithComment = (comment: string, org: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  ${comment}
  resource "aws_iam_role" "r" {
    name = "r"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{
        Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }, StringLike = { "app.terraform.io:sub" = "organization:${org}:project:p:workspace:w:run_phase:apply" } }
      }]
    })
  }
`;
