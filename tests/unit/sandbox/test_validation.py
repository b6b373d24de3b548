"""Documents are judged against Shopify's real schema and rejected in Shopify's words."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.schema import validate_document

SET_QUANTITIES = """
mutation SetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { code field message }
  }
}
"""


def quantities_input(**extra: Any) -> dict[str, Any]:
    quantity: dict[str, Any] = {
        "inventoryItemId": "gid://shopify/InventoryItem/30322695",
        "locationId": "gid://shopify/Location/124656943",
        "quantity": 11,
        "changeFromQuantity": 10,
    }
    return {"name": "available", "reason": "correction", "quantities": [quantity], **extra}


# --- the API-drift cases the sandbox exists to catch ---------------------------------------


def test_idempotent_set_with_change_from_quantity_is_valid(admin: GraphQLSchema) -> None:
    variables = {"input": quantities_input(), "key": "0f8fad5b-d9cb-469f-a165-70867728950e"}
    assert validate_document(admin, SET_QUANTITIES, variables) == []


def test_change_from_quantity_may_be_an_explicit_null(admin: GraphQLSchema) -> None:
    body = quantities_input()
    body["quantities"][0]["changeFromQuantity"] = None
    assert validate_document(admin, SET_QUANTITIES, {"input": body, "key": "k-1"}) == []


def test_literal_idempotent_mutation_is_valid(admin: GraphQLSchema) -> None:
    document = """
    mutation {
      inventorySetQuantities(input: {name: "on_hand", reason: "correction",
          referenceDocumentUri: "gid://shopbridge/SyncJob/7",
          quantities: [{inventoryItemId: "gid://shopify/InventoryItem/1",
                        locationId: "gid://shopify/Location/2",
                        quantity: 5, changeFromQuantity: null}]})
        @idempotent(key: "a1b2") {
        userErrors { code message }
      }
    }
    """
    assert validate_document(admin, document) == []


def test_ignore_compare_quantity_is_rejected_in_variables_on_2026_07(
    admin: GraphQLSchema,
) -> None:
    body = quantities_input(ignoreCompareQuantity=True)
    errors = validate_document(admin, SET_QUANTITIES, {"input": body, "key": "k"})
    assert errors == [
        {
            "message": (
                "Variable $input of type InventorySetQuantitiesInput! was provided invalid "
                "value for ignoreCompareQuantity (Field is not defined on "
                "InventorySetQuantitiesInput)"
            ),
            "locations": [{"line": 2, "column": 24}],
            "extensions": {
                "code": "INVALID_VARIABLE",
                "value": body,
                "problems": [
                    {
                        "path": ["ignoreCompareQuantity"],
                        "explanation": "Field is not defined on InventorySetQuantitiesInput",
                    }
                ],
            },
        }
    ]


def test_ignore_compare_quantity_is_rejected_as_a_literal(admin: GraphQLSchema) -> None:
    document = """mutation {
  inventorySetQuantities(input: {name: "available", reason: "correction",
      ignoreCompareQuantity: true,
      quantities: [{inventoryItemId: "gid://shopify/InventoryItem/1",
                    locationId: "gid://shopify/Location/2", quantity: 5}]}) {
    userErrors { code }
  }
}"""
    assert validate_document(admin, document) == [
        {
            "message": (
                "InputObject 'InventorySetQuantitiesInput' doesn't accept argument "
                "'ignoreCompareQuantity'"
            ),
            "locations": [{"line": 3, "column": 7}],
            "path": ["mutation", "inventorySetQuantities", "input", "ignoreCompareQuantity"],
            "extensions": {
                "code": "argumentNotAccepted",
                "name": "InventorySetQuantitiesInput",
                "typeName": "InputObject",
                "argumentName": "ignoreCompareQuantity",
            },
        }
    ]


def test_compare_fields_were_removed_in_2026_04_too(admin_2026_04: GraphQLSchema) -> None:
    body = quantities_input(ignoreCompareQuantity=False)
    body["quantities"][0]["compareQuantity"] = 10
    errors = validate_document(admin_2026_04, SET_QUANTITIES, {"input": body, "key": "k"})
    assert len(errors) == 1
    problems = errors[0]["extensions"]["problems"]
    assert {tuple(p["path"]) for p in problems} == {
        ("ignoreCompareQuantity",),
        ("quantities", 0, "compareQuantity"),
    }


def test_unknown_directive_argument_on_idempotent(admin: GraphQLSchema) -> None:
    document = """
    mutation {
      inventoryActivate(inventoryItemId: "gid://shopify/InventoryItem/1",
                        locationId: "gid://shopify/Location/1") @idempotent(id: "x") {
        userErrors { message }
      }
    }"""
    errors = validate_document(admin, document)
    codes = [e["extensions"]["code"] for e in errors]
    assert codes == ["missingRequiredArguments", "argumentNotAccepted"]
    assert errors[0]["message"] == "Directive 'idempotent' is missing required arguments: key"
    assert errors[1]["message"] == "Directive 'idempotent' doesn't accept argument 'id'"


# --- graphql-ruby wording, one case per common code ----------------------------------------


def test_undefined_field(admin: GraphQLSchema) -> None:
    assert validate_document(admin, "{\n  fies { id }\n}") == [
        {
            "message": "Field 'fies' doesn't exist on type 'QueryRoot'",
            "locations": [{"line": 2, "column": 3}],
            "path": ["query", "fies"],
            "extensions": {"code": "undefinedField", "typeName": "QueryRoot", "fieldName": "fies"},
        }
    ]


def test_undefined_field_inside_a_named_operation_and_inline_fragment(
    admin: GraphQLSchema,
) -> None:
    document = 'query Node { node(id: "gid://shopify/Product/1") { ... on Product { titel } } }'
    [error] = validate_document(admin, document)
    assert error["path"] == ["query Node", "node", "... on Product", "titel"]
    assert error["message"] == "Field 'titel' doesn't exist on type 'Product'"


def test_argument_not_accepted(admin: GraphQLSchema) -> None:
    [error] = validate_document(admin, "{ products(first: 5, limit: 5) { nodes { id } } }")
    assert error == {
        "message": "Field 'products' doesn't accept argument 'limit'",
        "locations": [{"line": 1, "column": 22}],
        "path": ["query", "products", "limit"],
        "extensions": {
            "code": "argumentNotAccepted",
            "name": "products",
            "typeName": "Field",
            "argumentName": "limit",
        },
    }


def test_missing_required_arguments(admin: GraphQLSchema) -> None:
    [error] = validate_document(admin, "{ product { title } }")
    assert error == {
        "message": "Field 'product' is missing required arguments: id",
        "locations": [{"line": 1, "column": 3}],
        "path": ["query", "product"],
        "extensions": {
            "code": "missingRequiredArguments",
            "className": "Field",
            "name": "product",
            "arguments": "id",
        },
    }


def test_missing_required_input_object_attribute(admin: GraphQLSchema) -> None:
    document = 'mutation { orderUpdate(input: {note: "x"}) { userErrors { message } } }'
    [error] = validate_document(admin, document)
    assert error["message"] == (
        "Argument 'id' on InputObject 'OrderInput' is required. Expected type ID!"
    )
    assert error["path"] == ["mutation", "orderUpdate", "input", "id"]
    assert error["extensions"] == {
        "code": "missingRequiredInputObjectAttribute",
        "argumentName": "id",
        "argumentType": "ID!",
        "inputObjectType": "OrderInput",
    }


@pytest.mark.parametrize(
    ("declared", "kind"),
    [
        ("ID", "Nullability mismatch"),
        ("String!", "Type mismatch"),
        ("[ID!]!", "List dimension mismatch"),
    ],
)
def test_variable_mismatch(admin: GraphQLSchema, declared: str, kind: str) -> None:
    document = f"query Get($id: {declared}) {{ product(id: $id) {{ id }} }}"
    [error] = validate_document(admin, document)
    assert error["message"] == (f"{kind} on variable $id and argument id ({declared} / ID!)")
    assert error["path"] == ["query Get", "product", "id"]
    assert error["extensions"] == {
        "code": "variableMismatch",
        "variableName": "id",
        "typeName": declared,
        "argumentName": "id",
        "errorMessage": kind,
    }


def test_variable_declared_but_not_used(admin: GraphQLSchema) -> None:
    [error] = validate_document(admin, "query Shop($unused: Int) { shop { name } }")
    assert error == {
        "message": "Variable $unused is declared by Shop but not used",
        "locations": [{"line": 1, "column": 1}],
        "path": ["query Shop"],
        "extensions": {"code": "variableNotUsed", "variableName": "unused"},
    }


def test_variable_used_but_not_declared(admin: GraphQLSchema) -> None:
    [error] = validate_document(
        admin, "mutation { productDelete(input: {id: $id}) { deletedProductId } }"
    )
    assert error["message"] == "Variable $id is used by anonymous mutation but not declared"
    assert error["path"] == ["mutation", "productDelete", "input", "id"]
    assert error["extensions"] == {"code": "variableNotDefined", "variableName": "id"}


def test_object_field_without_selections(admin: GraphQLSchema) -> None:
    [error] = validate_document(admin, "{ productsCount }")
    assert error["message"] == (
        "Field must have selections (field 'productsCount' returns Count but has no "
        "selections. Did you mean 'productsCount { ... }'?)"
    )
    assert error["extensions"] == {
        "code": "selectionMismatch",
        "nodeName": "field 'productsCount'",
        "typeName": "Count",
    }


def test_selections_on_a_scalar(admin: GraphQLSchema) -> None:
    document = (
        '{ productVariant(id: "gid://shopify/ProductVariant/1") { price { amount currencyCode } } }'
    )
    [error] = validate_document(admin, document)
    assert error["message"] == (
        "Selections can't be made on scalars (field 'price' returns Money but has "
        'selections ["amount", "currencyCode"])'
    )
    assert error["path"] == ["query", "productVariant", "price"]


def test_argument_literal_of_the_wrong_type(admin: GraphQLSchema) -> None:
    [error] = validate_document(admin, '{ products(first: "ten") { nodes { id } } }')
    assert error == {
        "message": (
            "Argument 'first' on Field 'products' has an invalid value (\"ten\"). "
            "Expected type 'Int'."
        ),
        "locations": [{"line": 1, "column": 12}],
        "path": ["query", "products", "first"],
        "extensions": {
            "code": "argumentLiteralsIncompatible",
            "typeName": "Field",
            "argumentName": "first",
        },
    }


def test_enum_literal_inside_an_input_object(admin: GraphQLSchema) -> None:
    document = """
    mutation {
      productUpdate(product: {id: "gid://shopify/Product/1", status: LIVE}) {
        userErrors { message }
      }
    }"""
    [error] = validate_document(admin, document)
    assert error["message"] == (
        "Argument 'status' on InputObject 'ProductUpdateInput' has an invalid value (LIVE). "
        "Expected type 'ProductStatus'."
    )
    assert error["extensions"]["typeName"] == "InputObject"


def test_unused_fragment(admin: GraphQLSchema) -> None:
    document = "{ shop { name } }\nfragment Extra on Shop { email }"
    [error] = validate_document(admin, document)
    assert error == {
        "message": "Fragment Extra was defined, but not used",
        "locations": [{"line": 2, "column": 1}],
        "path": ["fragment Extra"],
        "extensions": {"code": "useAndDefineFragment", "fragmentName": "Extra"},
    }


def test_errors_inside_fragments_have_fragment_paths(admin: GraphQLSchema) -> None:
    document = "{ shop { ...F } }\nfragment F on Shop { nam }"
    [error] = validate_document(admin, document)
    assert error["path"] == ["fragment F", "nam"]


# --- parse errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message", "location"),
    [
        ("{ shop { name }", 'Expected NAME, actual: (none) ("") at [1, 16]', (1, 16)),
        (
            "{ shop { name } } }",
            "Expected one of SCHEMA, SCALAR, TYPE, ENUM, INPUT, UNION, "
            'INTERFACE, actual: RCURLY ("}") at [1, 19]',
            (1, 19),
        ),
        (
            "{ products(first: ) { nodes { id } } }",
            'Parse error on ")" (RPAREN) at [1, 19]',
            (1, 19),
        ),
        (
            'query ($a: ID!) { node(id: $a) { "x" } }',
            'Expected NAME, actual: STRING ("x") at [1, 34]',
            (1, 34),
        ),
    ],
)
def test_parse_errors_use_graphql_ruby_wording(
    admin: GraphQLSchema, document: str, message: str, location: tuple[int, int]
) -> None:
    assert validate_document(admin, document) == [
        {"message": message, "locations": [{"line": location[0], "column": location[1]}]}
    ]


# --- variable values -------------------------------------------------------------------------


def test_missing_required_variable(admin: GraphQLSchema) -> None:
    [error] = validate_document(admin, "query ($id: ID!) { product(id: $id) { id } }", {})
    assert error == {
        "message": "Variable $id of type ID! was provided invalid value",
        "locations": [{"line": 1, "column": 8}],
        "extensions": {
            "code": "INVALID_VARIABLE",
            "value": None,
            "problems": [{"path": [], "explanation": "Expected value to not be null"}],
        },
    }


def test_invalid_enum_and_global_id_in_variables(admin: GraphQLSchema) -> None:
    document = """
    mutation ($product: ProductUpdateInput!) {
      productUpdate(product: $product) { userErrors { message } }
    }"""
    [error] = validate_document(admin, document, {"product": {"id": "42", "status": "LIVE"}})
    problems = error["extensions"]["problems"]
    assert problems[0] == {"path": ["id"], "explanation": "Invalid global id `42`"}
    assert problems[1]["path"] == ["status"]
    assert problems[1]["explanation"].startswith('Expected "LIVE" to be one of: ACTIVE, ')


def test_storefront_validates_against_its_own_schema(storefront: GraphQLSchema) -> None:
    assert validate_document(storefront, "{ shop { name } }") == []
    [error] = validate_document(storefront, "{ orders(first: 1) { nodes { id } } }")
    assert error["extensions"]["code"] == "undefinedField"


def test_operation_must_be_named_when_there_are_several(admin: GraphQLSchema) -> None:
    document = "query A { shop { name } } query B { shop { email } }"
    assert validate_document(admin, document) == [{"message": "An operation name is required"}]
    assert validate_document(admin, document, operation_name="C") == [
        {"message": 'No operation named "C"'}
    ]
    assert validate_document(admin, document, operation_name="B") == []
