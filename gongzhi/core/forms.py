"""Form helpers: run a service and show its validation errors on the form."""

from django.core.exceptions import ValidationError


def run_service(form, call):
    """Call `call()`; on ValidationError attach the messages to the form fields and return None."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return None
