"""Bulk operations: stage a JSONL file of variables and run one mutation per line, or run a
bulk query; then poll the operation and read its JSONL result."""

from __future__ import annotations

from ..document import Document

__all__ = [
    "BULK_OPERATION",
    "BULK_OPERATION_RUN_MUTATION",
    "BULK_OPERATION_RUN_QUERY",
    "STAGED_UPLOADS_CREATE",
]

# For a bulk run: ``resource: BULK_MUTATION_VARIABLES``, ``mimeType: "text/jsonl"``,
# ``httpMethod: POST``; the ``key`` parameter of the target is the ``stagedUploadPath``.
STAGED_UPLOADS_CREATE = Document(
    """
mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}
""",
    items=("input",),
)

# Not idempotent: a resend after an unknown outcome could start a second operation.
BULK_OPERATION_RUN_MUTATION = Document(
    """
mutation BulkOperationRunMutation(
  $mutation: String!
  $stagedUploadPath: String!
  $clientIdentifier: String
) {
  bulkOperationRunMutation(
    mutation: $mutation
    stagedUploadPath: $stagedUploadPath
    clientIdentifier: $clientIdentifier
  ) {
    bulkOperation { id status createdAt }
    userErrors { field message code }
  }
}
"""
)

# ``query`` is a bulk query document's text (a connection, at most five, nested at most
# two deep); ``groupObjects: false`` writes children as their own lines with ``__parentId``.
BULK_OPERATION_RUN_QUERY = Document(
    """
mutation BulkOperationRunQuery($query: String!, $groupObjects: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
    bulkOperation { id status createdAt }
    userErrors { field message code }
  }
}
"""
)

# Polled until ``status`` leaves CREATED/RUNNING (or ``bulk_operations/finish`` arrives);
# per-line results are in the JSONL at ``url`` (``partialDataUrl`` after a failure).
BULK_OPERATION = Document(
    """
query BulkOperation($id: ID!) {
  bulkOperation(id: $id) {
    id
    status
    errorCode
    objectCount
    rootObjectCount
    fileSize
    url
    partialDataUrl
    createdAt
    completedAt
  }
}
"""
)
