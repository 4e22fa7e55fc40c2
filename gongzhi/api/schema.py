"""OpenAPI details drf-spectacular cannot guess: the token scheme, the error shape on every
operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

# The schema documents itself in both languages at once (not translated per request).
CODE_HELP = "错误代码 / error code"
MESSAGE_HELP = "说明（中文；英文界面为英文）/ the message (English with the English interface)"
FIELD_HELP = "出错的字段，没有则为 null / the field at fault, or null"
TOKEN_HELP = "个人接口令牌（在“接口令牌”页面创建）/ a personal API token (made on the tokens page)"


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=CODE_HELP)
    message = serializers.CharField(help_text=MESSAGE_HELP)
    field = serializers.CharField(allow_null=True, help_text=FIELD_HELP)


ERROR_CODES = ("400", "401", "403", "404", "429")


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ERROR_CODES:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, direction=direction
                )
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "gongzhi.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": TOKEN_HELP,
        }
