"""Validate GraphQL documents the way Shopify reports problems.

Shopify serves its APIs with graphql-ruby, so its error messages, ``extensions.code``
values and ``path`` entries follow graphql-ruby, not graphql-core. This module runs
graphql-core's validation with the common rules replaced by graphql-ruby-worded
equivalents, and checks variable values the way Shopify reports ``INVALID_VARIABLE``.

Shapes reproduced, each seen in real responses (Shopify's, or GitHub's, which runs
the same graphql-ruby rules):

* parse errors: ``{"message": "Expected NAME, actual: RCURLY (\\"}\\") at [1, 7]",
  "locations": [...]}``, no ``path``, no ``extensions`` (graphql-ruby >= 2.3 wording;
  Shopify answered ``Parse error on ")" (RPAREN) at [1, 28]`` in 2020, the older
  wording, which we use only where graphql-core gives no expected token);
* ``undefinedField``: ``Field 'files' doesn't exist on type 'QueryRoot'`` with
  ``typeName``/``fieldName``, path ``["query", "files"]``;
* ``argumentNotAccepted``: ``Field 'f' doesn't accept argument 'a'`` and
  ``InputObject 'T' doesn't accept argument 'a'`` with ``name``/``typeName``/``argumentName``;
* ``missingRequiredArguments``: ``Field 'f' is missing required arguments: a, b``;
* ``missingRequiredInputObjectAttribute``:
  ``Argument 'id' on InputObject 'OrderInput' is required. Expected type ID!``;
* ``argumentLiteralsIncompatible``:
  ``Argument 'x' on Field 'f' has an invalid value (V). Expected type 'T'.``;
* ``variableMismatch``: ``Nullability mismatch on variable $v and argument a (T / T!)``
  (also ``Type mismatch`` and ``List dimension mismatch``);
* ``variableNotUsed`` / ``variableNotDefined``:
  ``Variable $v is declared by Name but not used`` / ``... is used by Name but not declared``;
* ``selectionMismatch``: ``Field must have selections (field 'x' returns T but has no
  selections. Did you mean 'x { ... }'?)`` and ``Selections can't be made on scalars (...)``;
* ``useAndDefineFragment``: ``Fragment F was defined, but not used``;
* ``INVALID_VARIABLE``: ``Variable $input of type ProductInput! was provided invalid value
  for variants (Field is not defined on ProductInput)`` with ``value`` and ``problems``.

Rules without a graphql-ruby rewrite keep graphql-core's message and get the
graphql-ruby code of the matching rule (marked "approximate" below where unverified).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final, NotRequired, TypedDict, cast

from graphql import (
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    parse,
    print_ast,
    validate,
)
from graphql.language import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveLocation,
    DirectiveNode,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListTypeNode,
    ListValueNode,
    NamedTypeNode,
    Node,
    NonNullTypeNode,
    NullValueNode,
    ObjectFieldNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    TypeNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
)
from graphql.pyutils import Undefined
from graphql.type import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLType,
    get_named_type,
    get_nullable_type,
    is_input_object_type,
    is_input_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_required_argument,
    is_required_input_field,
    is_scalar_type,
    is_union_type,
)
from graphql.utilities import type_from_ast
from graphql.validation import ASTValidationRule, ValidationRule, specified_rules
from graphql.validation.rules.variables_in_allowed_position import allowed_variable_usage

__all__ = [
    "Location",
    "ShopifyError",
    "operation_label",
    "parse_error",
    "select_operation",
    "validate_document",
    "variable_value_errors",
]


class Location(TypedDict):
    line: int
    column: int


class ShopifyError(TypedDict):
    """One entry of a GraphQL response's ``errors`` list, as Shopify writes it."""

    message: str
    locations: NotRequired[list[Location]]
    path: NotRequired[list[str | int]]
    extensions: NotRequired[dict[str, Any]]


# --- paths and names, graphql-ruby style ------------------------------------------------


def operation_label(operation: OperationDefinitionNode) -> str:
    """The first ``path`` entry graphql-ruby uses: ``"query"``, ``"mutation Name"``..."""
    kind = operation.operation.value
    return f"{kind} {operation.name.value}" if operation.name else kind


def _operation_title(operation: OperationDefinitionNode) -> str:
    """How graphql-ruby names an operation in variable messages."""
    if operation.name:
        return operation.name.value
    return f"anonymous {operation.operation.value}"


def _ruby_path(node: Node, path: Sequence[Any], ancestors: Sequence[Any]) -> list[str | int]:
    """graphql-ruby's static-validation ``path`` from graphql-core visitor arguments.

    ``ancestors`` runs from the document down to ``node``'s parent (graphql-core's
    ``ancestors`` plus ``parent``); ``path[i]`` is the key leading from ``ancestors[i]``
    to the next item, so list indexes inside input values can be read from it.
    """
    chain: list[Any] = [*ancestors, node]
    out: list[str | int] = []
    for index, item in enumerate(chain):
        if isinstance(item, OperationDefinitionNode):
            out.append(operation_label(item))
        elif isinstance(item, FragmentDefinitionNode):
            out.append(f"fragment {item.name.value}")
        elif isinstance(item, FieldNode):
            out.append(item.alias.value if item.alias else item.name.value)
        elif isinstance(item, InlineFragmentNode):
            condition = item.type_condition
            out.append(f"... on {condition.name.value}" if condition else "...")
        elif isinstance(item, FragmentSpreadNode):
            out.append(f"... {item.name.value}")
        elif isinstance(item, ArgumentNode | ObjectFieldNode):
            out.append(item.name.value)
        elif (
            index > 0
            and index < len(path)
            and isinstance(chain[index - 1], ListValueNode)
            and isinstance(path[index], int)
        ):
            out.append(path[index])
    return out


def _chain(ancestors: Sequence[Any], parent: Any, node: Node) -> list[Any]:
    return [*ancestors, parent, node]


def _nearest_argument(chain: Sequence[Any]) -> ArgumentNode | ObjectFieldNode | None:
    for item in reversed(chain):
        if isinstance(item, ArgumentNode | ObjectFieldNode):
            return item
    return None


def _argument_owner(chain: Sequence[Any]) -> FieldNode | DirectiveNode | None:
    for item in reversed(chain):
        if isinstance(item, FieldNode | DirectiveNode):
            return item
    return None


def _print_type(node: TypeNode) -> str:
    if isinstance(node, NonNullTypeNode):
        return f"{_print_type(node.type)}!"
    if isinstance(node, ListTypeNode):
        return f"[{_print_type(node.type)}]"
    if isinstance(node, NamedTypeNode):
        return node.name.value
    raise TypeError(f"unexpected type node {node!r}")


def _error(
    message: str,
    nodes: Node | Collection[Node] | None,
    path: list[str | int] | None,
    code: str | None,
    **extensions: Any,
) -> GraphQLError:
    ext: dict[str, Any] = {}
    if code is not None:
        ext["code"] = code
    ext.update(extensions)
    return GraphQLError(message, nodes, path=path, extensions=ext or None)


# --- rules with graphql-ruby wording ------------------------------------------------------


class _RubyRule(ValidationRule):
    def _report(
        self,
        message: str,
        node: Node | Collection[Node] | None,
        path: list[str | int] | None,
        code: str,
        **extensions: Any,
    ) -> None:
        self.report_error(_error(message, node, path, code, **extensions))


class FieldsExistRule(_RubyRule):
    """``undefinedField`` and selections made directly on unions."""

    def enter_field(
        self, node: FieldNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        parent_type = self.context.get_parent_type()
        if parent_type is None or self.context.get_field_def() is not None:
            return
        where = _ruby_path(node, path, [*ancestors, parent])
        if is_union_type(parent_type):
            self._report(
                f"Selections can't be made directly on unions (see selections on {parent_type})",
                node,
                where,
                "selectionMismatch",
                nodeName=str(parent_type),
            )
            return
        self._report(
            f"Field '{node.name.value}' doesn't exist on type '{parent_type}'",
            node,
            where,
            "undefinedField",
            typeName=str(parent_type),
            fieldName=node.name.value,
        )


class RequiredArgumentsRule(_RubyRule):
    """``missingRequiredArguments`` on fields and directives."""

    def enter_field(
        self, node: FieldNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        field_def = self.context.get_field_def()
        if field_def is None:
            return
        given = {argument.name.value for argument in node.arguments or ()}
        missing = [
            name
            for name, argument in field_def.args.items()
            if name not in given and is_required_argument(argument)
        ]
        if missing:
            listed = ", ".join(missing)
            self._report(
                f"Field '{node.name.value}' is missing required arguments: {listed}",
                node,
                _ruby_path(node, path, [*ancestors, parent]),
                "missingRequiredArguments",
                className="Field",
                name=node.name.value,
                arguments=listed,
            )

    def enter_directive(
        self, node: DirectiveNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        directive = self.context.get_directive()
        if directive is None:
            return
        given = {argument.name.value for argument in node.arguments or ()}
        missing = [
            name
            for name, argument in directive.args.items()
            if name not in given and is_required_argument(argument)
        ]
        if missing:
            listed = ", ".join(missing)
            self._report(
                f"Directive '{node.name.value}' is missing required arguments: {listed}",
                node,
                _ruby_path(node, path, [*ancestors, parent]),
                "missingRequiredArguments",
                className="Directive",
                name=node.name.value,
                arguments=listed,
            )


class ArgumentsExistRule(_RubyRule):
    """``argumentNotAccepted`` for unknown field and directive arguments."""

    def enter_argument(
        self, node: ArgumentNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        if self.context.get_argument() is not None:
            return
        owner = _argument_owner([*ancestors, parent])
        where = _ruby_path(node, path, [*ancestors, parent])
        if isinstance(owner, DirectiveNode):
            if self.context.get_directive() is None:
                return
            kind = "Directive"
        else:
            if self.context.get_field_def() is None:
                return
            kind = "Field"
        name = owner.name.value if owner else ""
        self._report(
            f"{kind} '{name}' doesn't accept argument '{node.name.value}'",
            node,
            where,
            "argumentNotAccepted",
            name=name,
            typeName=kind,
            argumentName=node.name.value,
        )


_GID = re.compile(r"^gid://[^/\s]+/[^/\s]+/\S+$")


def _leaf_accepts(type_: GraphQLInputType, node: ValueNode) -> bool:
    """Whether a literal fits a leaf type (ID literals must be global ids, as on Shopify)."""
    named = get_named_type(type_)
    if not is_leaf_type(named):
        return False
    leaf = named
    try:
        value = leaf.parse_literal(node)
    except (GraphQLError, TypeError, ValueError):
        return False
    if value is Undefined:
        return False
    if is_scalar_type(named) and named.name == "ID":
        return isinstance(value, str) and bool(_GID.match(value))
    return True


class InputValuesRule(_RubyRule):
    """Literal input values: unknown, missing and ill-typed arguments and input fields."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._reported: set[int] = set()
        # Types seen on the way down, so messages can name them after descending.
        self._object_types: dict[int, GraphQLInputObjectType] = {}
        self._argument_types: dict[int, GraphQLInputType] = {}

    def _invalid(self, node: ValueNode, parent: Any, path: Any, ancestors: Any) -> None:
        chain = _chain(ancestors, parent, node)
        argument = _nearest_argument(chain)
        if argument is None or id(argument) in self._reported:
            return
        self._reported.add(id(argument))
        position = chain.index(argument)
        where = _ruby_path(argument, path[:position], chain[:position])
        if isinstance(argument, ObjectFieldNode):
            owner_type = self._object_type_of(chain, position)
            expected = self._field_type(owner_type, argument.name.value)
            owner, kind = (str(owner_type) if owner_type else "?"), "InputObject"
        else:
            owner_node = _argument_owner(chain[:position])
            owner = owner_node.name.value if owner_node else "?"
            kind = "Directive" if isinstance(owner_node, DirectiveNode) else "Field"
            expected = self._argument_type(argument)
        self._report(
            f"Argument '{argument.name.value}' on {kind} '{owner}' has an invalid value "
            f"({print_ast(argument.value)}). Expected type '{expected}'.",
            argument,
            where,
            "argumentLiteralsIncompatible",
            typeName=kind,
            argumentName=argument.name.value,
        )

    def _object_type_of(self, chain: Sequence[Any], position: int) -> GraphQLInputObjectType | None:
        # chain[position - 1] is the tuple of fields of the object value before it.
        return self._object_types.get(id(chain[position - 2])) if position >= 2 else None

    @staticmethod
    def _field_type(owner: GraphQLInputObjectType | None, name: str) -> str:
        if owner is None or name not in owner.fields:
            return "?"
        return str(owner.fields[name].type)

    def _argument_type(self, argument: ArgumentNode) -> str:
        found = self._argument_types.get(id(argument))
        return str(found) if found is not None else "?"

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        argument = self.context.get_argument()
        if argument is not None:
            self._argument_types[id(node)] = argument.type

    def enter_object_value(
        self, node: ObjectValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> bool | None:
        named = get_named_type(self.context.get_input_type())
        if not is_input_object_type(named):
            if named is not None:
                self._invalid(node, parent, path, ancestors)
                return False
            return None
        object_type = named
        self._object_types[id(node)] = object_type
        given = {field.name.value for field in node.fields}
        where = _ruby_path(node, path, [*ancestors, parent])
        for name, field in object_type.fields.items():
            if name not in given and is_required_input_field(field):
                self._report(
                    f"Argument '{name}' on InputObject '{object_type}' is required. "
                    f"Expected type {field.type}",
                    node,
                    [*where, name],
                    "missingRequiredInputObjectAttribute",
                    argumentName=name,
                    argumentType=str(field.type),
                    inputObjectType=str(object_type),
                )
        if object_type.is_one_of and len(node.fields) != 1:
            # graphql-ruby's wording for this case was not found; code is approximate.
            self._report(
                f"OneOf Input Object '{object_type}' must specify exactly one key.",
                node,
                where,
                "oneOfInputObjectArgumentCount",
                inputObjectType=str(object_type),
            )
        return None

    def enter_object_field(
        self, node: ObjectFieldNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        parent_type = get_named_type(self.context.get_parent_input_type())
        if self.context.get_input_type() is None and is_input_object_type(parent_type):
            self._report(
                f"InputObject '{parent_type}' doesn't accept argument '{node.name.value}'",
                node,
                _ruby_path(node, path, [*ancestors, parent]),
                "argumentNotAccepted",
                name=str(parent_type),
                typeName="InputObject",
                argumentName=node.name.value,
            )

    def enter_list_value(
        self, node: ListValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> bool | None:
        expected = get_nullable_type(self.context.get_parent_input_type())
        if expected is not None and not is_list_type(expected):
            self._invalid(node, parent, path, ancestors)
            return False
        return None

    def enter_null_value(
        self, node: NullValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        if is_non_null_type(self.context.get_input_type()):
            self._invalid(node, parent, path, ancestors)

    def _leaf(self, node: ValueNode, parent: Any, path: Any, ancestors: Any) -> None:
        location_type = self.context.get_input_type()
        if location_type is None:
            return
        if not _leaf_accepts(location_type, node):
            self._invalid(node, parent, path, ancestors)

    def enter_int_value(
        self, node: IntValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._leaf(node, parent, path, ancestors)

    def enter_float_value(
        self, node: FloatValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._leaf(node, parent, path, ancestors)

    def enter_string_value(
        self, node: StringValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._leaf(node, parent, path, ancestors)

    def enter_boolean_value(
        self, node: BooleanValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._leaf(node, parent, path, ancestors)

    def enter_enum_value(
        self, node: EnumValueNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._leaf(node, parent, path, ancestors)


_LEAF_WORD = {True: "scalars", False: "enums"}


class SelectionsRule(_RubyRule):
    """``selectionMismatch``: leaf fields with selections, objects without."""

    def enter_field(
        self, node: FieldNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        field_type = self.context.get_type()
        if field_type is None:
            return
        named = get_named_type(field_type)
        name = node.name.value
        selections = node.selection_set.selections if node.selection_set else ()
        where = _ruby_path(node, path, [*ancestors, parent])
        if is_leaf_type(named):
            if not selections:
                return
            if all(isinstance(item, InlineFragmentNode) for item in selections):
                kinds = ", ".join(
                    cast(InlineFragmentNode, item).type_condition.name.value  # type: ignore[union-attr]
                    if cast(InlineFragmentNode, item).type_condition
                    else "..."
                    for item in selections
                )
                detail = f"has inline fragments [{kinds}]"
            else:
                names = ", ".join(
                    json.dumps(item.name.value)
                    for item in selections
                    if isinstance(item, FieldNode | FragmentSpreadNode)
                )
                detail = f"has selections [{names}]"
            self._report(
                f"Selections can't be made on {_LEAF_WORD[is_scalar_type(named)]} "
                f"(field '{name}' returns {named} but {detail})",
                node,
                where,
                "selectionMismatch",
                nodeName=f"field '{name}'",
                typeName=str(named),
            )
        elif not selections:
            self._report(
                f"Field must have selections (field '{name}' returns {named} but has no "
                f"selections. Did you mean '{name} {{ ... }}'?)",
                node,
                where,
                "selectionMismatch",
                nodeName=f"field '{name}'",
                typeName=str(named),
            )


class TypesExistRule(_RubyRule):
    """Unknown types in variable definitions and fragment conditions."""

    def enter_variable_definition(
        self, node: VariableDefinitionNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        named = node.type
        while isinstance(named, NonNullTypeNode | ListTypeNode):
            named = named.type
        type_name = _print_type(named)
        found = self.context.schema.get_type(type_name)
        if found is not None and is_input_type(found):
            return
        problem = "isn't a defined input type" if found is None else "isn't a valid input type"
        variable = node.variable.name.value
        self._report(
            f"{type_name} {problem} (on ${variable})",
            node,
            _ruby_path(node, path, [*ancestors, parent]),
            "variableRequiresValidType",
            typeName=type_name,
            variableName=variable,
        )

    def _condition(self, node: InlineFragmentNode | FragmentDefinitionNode, where: Any) -> None:
        condition = node.type_condition
        if condition is None or self.context.schema.get_type(condition.name.value) is not None:
            return
        self._report(
            f"No such type {condition.name.value}, so it can't be a fragment condition",
            node,
            where,
            "undefinedType",
            typeName=condition.name.value,
        )

    def enter_inline_fragment(
        self, node: InlineFragmentNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._condition(node, _ruby_path(node, path, [*ancestors, parent]))

    def enter_fragment_definition(
        self, node: FragmentDefinitionNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._condition(node, _ruby_path(node, path, [*ancestors, parent]))


_LOCATION_WORDS: Final = {
    DirectiveLocation.QUERY: "queries",
    DirectiveLocation.MUTATION: "mutations",
    DirectiveLocation.SUBSCRIPTION: "subscriptions",
    DirectiveLocation.FIELD: "fields",
    DirectiveLocation.FRAGMENT_DEFINITION: "fragment definitions",
    DirectiveLocation.FRAGMENT_SPREAD: "fragment spreads",
    DirectiveLocation.INLINE_FRAGMENT: "inline fragments",
    DirectiveLocation.VARIABLE_DEFINITION: "variable definitions",
}


class DirectivesRule(_RubyRule):
    """Unknown directives and directives in places they cannot go."""

    def enter_directive(
        self, node: DirectiveNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        name = node.name.value
        where = _ruby_path(node, path, [*ancestors, parent])
        directive = self.context.schema.get_directive(name)
        if directive is None:
            self._report(
                f"Directive @{name} is not defined",
                node,
                where,
                "undefinedDirective",
                directiveName=name,
            )
            return
        # A directive's parent is the tuple of directives; its owner comes before that.
        owner = ancestors[-1] if isinstance(parent, tuple) and ancestors else parent
        location = _directive_location(owner)
        if location is None or location in directive.locations:
            return
        allowed = ", ".join(
            _LOCATION_WORDS.get(item, item.value.lower()) for item in directive.locations
        )
        target = _LOCATION_WORDS.get(location, location.value.lower())
        self._report(
            f"'@{name}' can't be applied to {target} (allowed: {allowed})",
            node,
            where,
            "directiveCannotBeApplied",
            targetName=target,
            name=name,
        )


def _directive_location(owner: Any) -> DirectiveLocation | None:
    if isinstance(owner, OperationDefinitionNode):
        return {
            OperationType.QUERY: DirectiveLocation.QUERY,
            OperationType.MUTATION: DirectiveLocation.MUTATION,
            OperationType.SUBSCRIPTION: DirectiveLocation.SUBSCRIPTION,
        }[owner.operation]
    mapping: dict[type[Node], DirectiveLocation] = {
        FieldNode: DirectiveLocation.FIELD,
        FragmentSpreadNode: DirectiveLocation.FRAGMENT_SPREAD,
        InlineFragmentNode: DirectiveLocation.INLINE_FRAGMENT,
        FragmentDefinitionNode: DirectiveLocation.FRAGMENT_DEFINITION,
        VariableDefinitionNode: DirectiveLocation.VARIABLE_DEFINITION,
    }
    return mapping.get(type(owner))


def _list_depth(type_: GraphQLType) -> int:
    depth = 0
    current: Any = type_
    while isinstance(current, GraphQLNonNull | GraphQLList):
        if isinstance(current, GraphQLList):
            depth += 1
        current = current.of_type
    return depth


class VariablesRule(_RubyRule):
    """Variable usage: undefined, unused, and used where its type does not fit.

    Checked when the document is complete, so usages inside fragments defined after
    the operation are seen too.
    """

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._usage: dict[int, tuple[Node, list[str | int], str]] = {}
        self._operations: list[OperationDefinitionNode] = []

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        self._operations.append(node)

    def enter_variable(
        self, node: VariableNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        chain = _chain(ancestors, parent, node)
        if any(isinstance(item, VariableDefinitionNode) for item in chain):
            return
        argument = _nearest_argument(chain)
        if argument is None:
            self._usage[id(node)] = (node, _ruby_path(node, path, [*ancestors, parent]), "")
            return
        position = chain.index(argument)
        where = _ruby_path(argument, path[:position], chain[:position])
        self._usage[id(node)] = (argument, where, argument.name.value)

    def leave_document(self, *_args: Any) -> None:
        schema = self.context.schema
        for operation in self._operations:
            title = _operation_title(operation)
            definitions = {d.variable.name.value: d for d in operation.variable_definitions or ()}
            used: set[str] = set()
            undefined_seen: set[str] = set()
            for usage in self.context.get_recursive_variable_usages(operation):
                name = usage.node.name.value
                used.add(name)
                anchor, where, argument_name = self._usage.get(id(usage.node), (usage.node, [], ""))
                definition = definitions.get(name)
                if definition is None:
                    if name not in undefined_seen:
                        undefined_seen.add(name)
                        self._report(
                            f"Variable ${name} is used by {title} but not declared",
                            usage.node,
                            where,
                            "variableNotDefined",
                            variableName=name,
                        )
                    continue
                var_type = type_from_ast(schema, definition.type)
                if var_type is None or usage.type is None:
                    continue
                if allowed_variable_usage(
                    schema, var_type, definition.default_value, usage.type, usage.default_value
                ):
                    continue
                if _list_depth(var_type) != _list_depth(usage.type):
                    kind = "List dimension mismatch"
                elif get_named_type(var_type) is not get_named_type(usage.type):
                    kind = "Type mismatch"
                else:
                    kind = "Nullability mismatch"
                self._report(
                    f"{kind} on variable ${name} and argument {argument_name} "
                    f"({var_type} / {usage.type})",
                    anchor,
                    where,
                    "variableMismatch",
                    variableName=name,
                    typeName=str(var_type),
                    argumentName=argument_name,
                    errorMessage=kind,
                )
            for name in definitions:
                if name not in used:
                    self._report(
                        f"Variable ${name} is declared by {title} but not used",
                        operation,
                        [operation_label(operation)],
                        "variableNotUsed",
                        variableName=name,
                    )


class FragmentsRule(_RubyRule):
    """Fragments used but not defined, or defined but not used."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._spreads: list[tuple[FragmentSpreadNode, list[str | int]]] = []
        self._definitions: list[FragmentDefinitionNode] = []
        self._operations: list[OperationDefinitionNode] = []

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        self._operations.append(node)

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_args: Any) -> None:
        self._definitions.append(node)

    def enter_fragment_spread(
        self, node: FragmentSpreadNode, _key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        self._spreads.append((node, _ruby_path(node, path, [*ancestors, parent])))

    def leave_document(self, *_args: Any) -> None:
        defined = {definition.name.value for definition in self._definitions}
        for spread, where in self._spreads:
            name = spread.name.value
            if name not in defined:
                self._report(
                    f"Fragment {name} was used, but not defined",
                    spread,
                    where,
                    "useAndDefineFragment",
                    fragmentName=name,
                )
        reachable: set[str] = set()
        for operation in self._operations:
            for fragment in self.context.get_recursively_referenced_fragments(operation):
                reachable.add(fragment.name.value)
        for definition in self._definitions:
            name = definition.name.value
            if name not in reachable:
                self._report(
                    f"Fragment {name} was defined, but not used",
                    definition,
                    [f"fragment {name}"],
                    "useAndDefineFragment",
                    fragmentName=name,
                )


# --- graphql-core rules kept, tagged with graphql-ruby's codes ----------------------------

# graphql-core rule -> graphql-ruby code. Codes marked "approximate" were not seen in a
# real response; the message stays graphql-core's for all of these.
_KEPT_RULE_CODES: Final[dict[str, str]] = {
    "ExecutableDefinitionsRule": "definitionNotExecutable",  # approximate
    "KnownOperationTypesRule": "missingQueryConfiguration",  # approximate
    "UniqueOperationNamesRule": "uniquelyNamedOperations",  # approximate
    "LoneAnonymousOperationRule": "anonymousOperation",  # approximate
    "SingleFieldSubscriptionsRule": "subscriptionRootFieldMultiple",  # approximate
    "FragmentsOnCompositeTypesRule": "fragmentOnNonCompositeType",  # approximate
    "UniqueFragmentNamesRule": "fragmentNamesUnique",  # approximate
    "PossibleFragmentSpreadsRule": "cannotSpreadFragment",  # approximate
    "NoFragmentCyclesRule": "infiniteLoop",  # approximate
    "UniqueVariableNamesRule": "variableNotUnique",  # approximate
    "UniqueDirectivesPerLocationRule": "directiveNotUniqueForLocation",  # approximate
    "UniqueArgumentNamesRule": "argumentNotUnique",  # approximate
    "OverlappingFieldsCanBeMergedRule": "fieldConflict",  # approximate
    "UniqueInputFieldNamesRule": "inputFieldNotUnique",  # approximate
    "MaxIntrospectionDepthRule": "maxIntrospectionDepth",  # approximate
}

# graphql-core rules fully replaced by the graphql-ruby rewrites above.
_REPLACED_RULES: Final = frozenset(
    {
        "KnownTypeNamesRule",
        "VariablesAreInputTypesRule",
        "ScalarLeafsRule",
        "FieldsOnCorrectTypeRule",
        "KnownFragmentNamesRule",
        "NoUnusedFragmentsRule",
        "NoUndefinedVariablesRule",
        "NoUnusedVariablesRule",
        "KnownDirectivesRule",
        "KnownArgumentNamesRule",
        "ValuesOfCorrectTypeRule",
        "ProvidedRequiredArgumentsRule",
        "VariablesInAllowedPositionRule",
    }
)


def _tagged(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    def report_error(self: ASTValidationRule, error: GraphQLError) -> None:
        extensions = {**(error.extensions or {}), "code": code}
        self.context.report_error(
            GraphQLError(
                error.message,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                error.original_error,
                extensions,
            )
        )

    return cast(
        type[ASTValidationRule],
        type(f"Shopify{rule.__name__}", (rule,), {"report_error": report_error}),
    )


def _build_rules() -> tuple[type[ASTValidationRule], ...]:
    rules: list[type[ASTValidationRule]] = []
    for rule in specified_rules:
        name = rule.__name__
        if name in _REPLACED_RULES or name.startswith(("DeferStream", "StreamDirective")):
            continue
        rules.append(_tagged(rule, _KEPT_RULE_CODES.get(name, "validationError")))
    rules[1:1] = [
        TypesExistRule,
        SelectionsRule,
        FieldsExistRule,
        RequiredArgumentsRule,
        ArgumentsExistRule,
        InputValuesRule,
        DirectivesRule,
        FragmentsRule,
        VariablesRule,
    ]
    return tuple(rules)


SHOPIFY_RULES: Final = _build_rules()


# --- parse errors -------------------------------------------------------------------------

_PUNCTUATION: Final = {
    "{": "LCURLY",
    "}": "RCURLY",
    "(": "LPAREN",
    ")": "RPAREN",
    "[": "LBRACKET",
    "]": "RBRACKET",
    ":": "COLON",
    "=": "EQUALS",
    "!": "BANG",
    "$": "VAR_SIGN",
    "@": "DIR_SIGN",
    "...": "ELLIPSIS",
    "|": "PIPE",
    "&": "AMP",
}
_KEYWORDS: Final = frozenset(
    {
        "query",
        "mutation",
        "subscription",
        "fragment",
        "on",
        "true",
        "false",
        "null",
        "schema",
        "scalar",
        "type",
        "implements",
        "interface",
        "union",
        "enum",
        "input",
        "directive",
        "extend",
        "repeatable",
    }
)
_FOUND = re.compile(r"^Syntax Error: Expected (?P<expected>.+?), found (?P<found>.+?)\.?$")
_UNEXPECTED = re.compile(r"^Syntax Error: Unexpected (?P<found>.+?)\.?$")
_TOKEN_DESC = re.compile(
    r"^(?P<kind>Name|Int|Float|String|BlockString) (?P<quote>[\"'])(?P<value>.*)(?P=quote)$", re.S
)


def _ruby_token(description: str) -> tuple[str, str]:
    """graphql-ruby's token name and text for a graphql-core token description."""
    if description == "<EOF>":
        return "(none)", ""
    if len(description) >= 2 and description[0] == "'" and description[-1] == "'":
        text = description[1:-1]
        return _PUNCTUATION.get(text, "UNKNOWN_CHAR"), text
    match = _TOKEN_DESC.match(description)
    if match:
        kind, value = match["kind"], match["value"]
        if kind == "Name":
            return (value.upper() if value in _KEYWORDS else "IDENTIFIER"), value
        return ("STRING" if kind in {"String", "BlockString"} else kind.upper()), value
    if description.startswith('"') and description.endswith('"'):
        value = description[1:-1]
        return (value.upper() if value in _KEYWORDS else "IDENTIFIER"), value
    return "UNKNOWN_CHAR", description


def _ruby_expected(description: str) -> str:
    if description == "Name":
        return "NAME"
    if len(description) >= 2 and description[0] == description[-1] and description[0] in "'\"":
        inner = description[1:-1]
        return _PUNCTUATION.get(inner, inner.upper())
    return description.upper()


def _depth_before(source: str, line: int, column: int) -> int:
    """Brace depth at a position, ignoring strings and comments (good enough for messages)."""
    lines = source.split("\n")
    text = "\n".join([*lines[: line - 1], lines[line - 1][: column - 1] if lines else ""])
    depth = 0
    in_string = False
    in_comment = False
    previous = ""
    for char in text:
        if in_comment:
            in_comment = char != "\n"
        elif in_string:
            in_string = not (char == '"' and previous != "\\")
        elif char == "#":
            in_comment = True
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        previous = char
    return depth


def parse_error(error: GraphQLSyntaxError, source: str) -> ShopifyError:
    """A graphql-core syntax error rewritten as graphql-ruby (and so Shopify) words it."""
    location = error.locations[0] if error.locations else None
    line, column = (location.line, location.column) if location else (1, 1)
    at = f"at [{line}, {column}]"
    found = _FOUND.match(error.message)
    unexpected = _UNEXPECTED.match(error.message)
    if found:
        token, text = _ruby_token(found["found"])
        message = (
            f"Expected {_ruby_expected(found['expected'])}, actual: {token} "
            f"({json.dumps(text)}) {at}"
        )
    elif unexpected and not unexpected["found"].startswith("character"):
        token, text = _ruby_token(unexpected["found"])
        if _depth_before(source, line, column) <= 0:
            message = (
                "Expected one of SCHEMA, SCALAR, TYPE, ENUM, INPUT, UNION, INTERFACE, "
                f"actual: {token} ({json.dumps(text)}) {at}"
            )
        else:
            message = f"Parse error on {json.dumps(text)} ({token}) {at}"
    elif unexpected:
        character = unexpected["found"].removeprefix("character: ").strip("'")
        message = f"Parse error on {json.dumps(character)} (UNKNOWN_CHAR) {at}"
    else:
        detail = error.message.removeprefix("Syntax Error: ").rstrip(".")
        message = f"{detail} {at}"
    result: ShopifyError = {"message": message}
    if location:
        result["locations"] = [{"line": line, "column": column}]
    return result


# --- variable values ----------------------------------------------------------------------


def _inspect(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _scalar_problem(type_: GraphQLScalarType, value: Any) -> str | None:
    name = type_.name
    ok: bool
    if name == "Int":
        ok = (
            isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
        ) or (isinstance(value, float) and value.is_integer() and -(2**31) <= value < 2**31)
    elif name == "Float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ok = ok and math.isfinite(float(value))
    elif name == "String":
        ok = isinstance(value, str)
    elif name == "Boolean":
        ok = isinstance(value, bool)
    elif name == "ID":
        if isinstance(value, str) and not _GID.match(value):
            return f"Invalid global id `{value}`"
        ok = isinstance(value, str)
    else:
        try:
            type_.parse_value(value)
        except (GraphQLError, TypeError, ValueError):
            ok = False
        else:
            ok = True
    return None if ok else f"Could not coerce value {_inspect(value)} to {name}"


def _problems(value: Any, type_: GraphQLInputType, path: list[str | int]) -> list[dict[str, Any]]:
    """Shopify-style ``problems`` for one variable value against its declared type."""
    if isinstance(type_, GraphQLNonNull):
        if value is None:
            return [{"path": path, "explanation": "Expected value to not be null"}]
        return _problems(value, type_.of_type, path)
    if value is None:
        return []
    if isinstance(type_, GraphQLList):
        if isinstance(value, list | tuple):
            found: list[dict[str, Any]] = []
            for index, item in enumerate(value):
                found.extend(_problems(item, type_.of_type, [*path, index]))
            return found
        return _problems(value, type_.of_type, path)
    if isinstance(type_, GraphQLInputObjectType):
        if not isinstance(value, Mapping):
            return [
                {
                    "path": path,
                    "explanation": f"Expected {_inspect(value)} to be a key-value object.",
                }
            ]
        found = []
        for key in value:
            if key not in type_.fields:
                found.append(
                    {"path": [*path, key], "explanation": f"Field is not defined on {type_.name}"}
                )
        for name, field in type_.fields.items():
            if name in value:
                found.extend(_problems(value[name], field.type, [*path, name]))
            elif is_required_input_field(field):
                found.append(
                    {"path": [*path, name], "explanation": "Expected value to not be null"}
                )
        if type_.is_one_of:
            given = [key for key, item in value.items() if item is not None]
            if len(given) != 1:
                found.append(
                    {
                        "path": path,
                        "explanation": f"'{type_.name}' requires exactly one argument",
                    }
                )
        return found
    if isinstance(type_, GraphQLEnumType):
        if isinstance(value, str) and value in type_.values:
            return []
        names = ", ".join(type_.values)
        shown = value if isinstance(value, str) else _inspect(value)
        return [{"path": path, "explanation": f'Expected "{shown}" to be one of: {names}'}]
    if isinstance(type_, GraphQLScalarType):
        problem = _scalar_problem(type_, value)
        return [] if problem is None else [{"path": path, "explanation": problem}]
    return []


def _format(error: GraphQLError) -> ShopifyError:
    result: ShopifyError = {"message": error.message}
    if error.locations:
        result["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path is not None:
        result["path"] = list(error.path)
    if error.extensions:
        result["extensions"] = dict(error.extensions)
    return result


def select_operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    """The operation a request runs: the named one, or the only one."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        return next((op for op in operations if op.name and op.name.value == operation_name), None)
    return operations[0] if len(operations) == 1 else None


def variable_value_errors(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
) -> list[ShopifyError]:
    """``INVALID_VARIABLE`` errors for the values sent with ``operation``."""
    values: Mapping[str, Any] = variables or {}
    errors: list[ShopifyError] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        declared = type_from_ast(schema, definition.type)
        if declared is None or not is_input_type(declared):
            continue
        input_type = declared
        if name in values:
            value = values[name]
        elif definition.default_value is not None:
            continue
        elif is_non_null_type(input_type):
            value = None
        else:
            continue
        problems = _problems(value, input_type, [])
        if not problems:
            continue
        located = [p for p in problems if p["path"]]
        suffix = ""
        if located:
            suffix = " for " + ", ".join(
                f"{'.'.join(str(part) for part in p['path'])} ({p['explanation']})" for p in located
            )
        error: ShopifyError = {
            "message": f"Variable ${name} of type {input_type} was provided invalid value{suffix}"
        }
        loc = definition.loc
        if loc is not None:
            start = loc.source.get_location(loc.start)
            error["locations"] = [{"line": start.line, "column": start.column}]
        error["extensions"] = {"code": "INVALID_VARIABLE", "value": value, "problems": problems}
        errors.append(error)
    return errors


def validate_document(
    schema: GraphQLSchema,
    query: str | DocumentNode,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> list[ShopifyError]:
    """Errors Shopify would return for ``query`` before running it; empty when valid.

    Order: parse errors (alone), else static validation errors, else a missing or
    unknown operation name, else ``INVALID_VARIABLE`` errors for ``variables``.
    """
    if isinstance(query, DocumentNode):
        document = query
    else:
        try:
            document = parse(query)
        except GraphQLSyntaxError as exc:
            return [parse_error(exc, query)]
    return document_errors(schema, document) or request_errors(
        schema, document, variables, operation_name
    )


def document_errors(schema: GraphQLSchema, document: DocumentNode) -> list[ShopifyError]:
    """The document's own errors against the schema (the same for every request)."""
    return [_format(error) for error in validate(schema, document, SHOPIFY_RULES)]


def request_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
) -> list[ShopifyError]:
    """Errors of one request of a valid document: its operation name and variables."""
    operation = select_operation(document, operation_name)
    if operation is None:
        # graphql-ruby's OperationNameMissingError wording.
        if operation_name is not None:
            return [{"message": f'No operation named "{operation_name}"'}]
        return [{"message": "An operation name is required"}]
    return variable_value_errors(schema, operation, variables)
