"""`validate init`: a commented bundle.yaml for one kind of account."""

from __future__ import annotations

# The contact details the template is written with. They are read by the contact rules too, so
# that a template left unfilled is found: one copy of each placeholder.
PLACEHOLDER_EMAIL = "you@example.com"
PLACEHOLDER_PHONE = "+00 000 000 0000"
PLACEHOLDER_ADDRESS = "Street, city, postcode, country"
CONTACT_PLACEHOLDERS = {"email": PLACEHOLDER_EMAIL, "phone": PLACEHOLDER_PHONE, "address": PLACEHOLDER_ADDRESS}

_HEADER = """\
# bundle.yaml: the manifest of an IPP Preflight bundle.
# Fill in every value, put each document file in this folder, then run:  validate .
# Paths are relative to this folder. Names must be written EXACTLY as printed on the documents.
schema_version: 1
account:
  holder_type: {holder_type}            # individual | company
  region: {region}     # mainland_china | outside_mainland_china
  role: rights_holder           # rights_holder | authorized_agent (filing for a client)
complainant:
  name: "{name}"   # as it will be entered on the platform, character for character
  email: {email}        # a mailbox you read often; it cannot be changed later
  phone: "{phone}"     # with the country code
  address: "{address}"
"""

_IDENTITY = {
    ("individual", "outside_mainland_china"): """\
documents:
  # A scan or photo of a passport, national ID card or driving licence, with the photo page.
  - file: identity/passport.jpg
    type: passport              # passport | national_id | drivers_license
    name_on_document: "Given Names Surname"   # exactly as printed
    language: en                # ISO 639-1 code of the document's language
    expires_on: 2030-01-31      # the expiry date printed on the document
""",
    ("individual", "mainland_china"): """\
# Individuals in mainland China verify by face scan in the Taobao app: no identity upload.
documents: []                   # add rights certificates here if the account will protect rights
""",
    ("company", "mainland_china"): """\
documents:
  # A colour scan or photo of the business licence, with the company's red official seal on it.
  - file: identity/business-license.jpg
    type: business_registration # business_registration | incorporation_certificate
    name_on_document: "公司全称有限公司"   # exactly as printed
    language: zh
""",
    ("company", "outside_mainland_china"): """\
documents:
  # A scan or photo of the business registration certificate or certificate of incorporation.
  - file: identity/business-registration.pdf
    type: business_registration # business_registration | incorporation_certificate
    name_on_document: "Company Name Limited"   # exactly as printed
    language: en
    # expires_on: 2030-01-31    # if it has a validity period (a Hong Kong BR certificate does)
""",
}

_RIGHTS = """\
  # Each IP right's certificate: a colour scan, or a copy sealed (company) or signed (individual).
  # - file: rights/trademark-certificate.pdf
  #   type: trademark_certificate   # trademark_certificate | copyright_certificate | patent_certificate
  #   language: en
  # A document in neither Chinese nor English needs a translation listed too:
  # - file: rights/trademark-certificate-en.pdf
  #   type: translation
  #   translation_of: rights/trademark-certificate.pdf
  #   language: en
  #   notarized: true
# rights:                       # the IP rights the account will protect
#   - type: trademark           # trademark | copyright | patent
#     number: "0000000"
#     holder: "{name}"          # the current owner in the registry's records
#     certificate: rights/trademark-certificate.pdf
"""

_PLACEHOLDER_NAMES = {"individual": "Given Names Surname", "company": "Company Name Limited"}


def manifest_template(holder_type: str, region: str) -> str:
    name = "公司全称有限公司" if (holder_type, region) == ("company", "mainland_china") else _PLACEHOLDER_NAMES[holder_type]
    header = _HEADER.format(holder_type=holder_type, region=region, name=name, **CONTACT_PLACEHOLDERS)
    return header + _IDENTITY[(holder_type, region)] + _RIGHTS.format(name=name)
