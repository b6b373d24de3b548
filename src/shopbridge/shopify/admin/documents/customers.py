"""Customers in: upsert with ``customerSet``, then marketing consents.

Every mutation answers with the same view of the customer (:data:`CUSTOMER_VIEW`):
what the echo guard fingerprints, and ``updatedAt``, so that the webhook each write
causes can be recognised and kept from going back to the system that sent it.
``CustomerPhoneNumber.marketingState`` is deprecated in 2026-07 in favour of
``smsMarketingConsent.state``, which only 2026-10 has: move when the pin moves.
"""

from __future__ import annotations

from typing import Final

from ..document import Document

__all__ = [
    "CUSTOMER_BY_CUSTOM_ID",
    "CUSTOMER_CUSTOM_ID_SET",
    "CUSTOMER_EMAIL_CONSENT_UPDATE",
    "CUSTOMER_SET",
    "CUSTOMER_SMS_CONSENT_UPDATE",
    "CUSTOMER_VIEW",
]

CUSTOMER_VIEW: Final = """
      id
      updatedAt
      firstName
      lastName
      note
      tags
      defaultEmailAddress { emailAddress marketingState }
      defaultPhoneNumber { phoneNumber marketingState }
      addressesV2(first: 50) {
        nodes {
          address1 address2 city company countryCodeV2 firstName lastName phone provinceCode zip
        }
      }
"""

# Upsert by email, phone or custom ID (or update by id). Declarative: list fields
# (tags, addresses) replace what the customer had, so a resend changes nothing more.
CUSTOMER_SET = Document(
    f"""
mutation CustomerSet($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {{
  customerSet(identifier: $identifier, input: $input) {{
    customer {{ {CUSTOMER_VIEW} }}
    userErrors {{ field message code }}
  }}
}}
"""
)

CUSTOMER_EMAIL_CONSENT_UPDATE = Document(
    f"""
mutation CustomerEmailConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {{
  customerEmailMarketingConsentUpdate(input: $input) {{
    customer {{ {CUSTOMER_VIEW} }}
    userErrors {{ field message code }}
  }}
}}
"""
)

CUSTOMER_SMS_CONSENT_UPDATE = Document(
    f"""
mutation CustomerSmsConsentUpdate($input: CustomerSmsMarketingConsentUpdateInput!) {{
  customerSmsMarketingConsentUpdate(input: $input) {{
    customer {{ {CUSTOMER_VIEW} }}
    userErrors {{ field message code }}
  }}
}}
"""
)

# A customer by a system's own id (a custom ID metafield).
CUSTOMER_BY_CUSTOM_ID = Document(
    """
query CustomerByCustomId($identifier: CustomerIdentifierInput!) {
  customerByIdentifier(identifier: $identifier) { id }
}
"""
)

# Links a customer found by email or phone to the system's id (the definition gives the type).
CUSTOMER_CUSTOM_ID_SET = Document(
    """
mutation CustomerCustomIdSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id }
    userErrors { field message code }
  }
}
"""
)
