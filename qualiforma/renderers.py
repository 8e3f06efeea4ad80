from rest_framework.renderers import JSONRenderer


class EnvelopeJSONRenderer(JSONRenderer):
    """Wrap every successful answer in `{"data": ...}`.

    Paginated lists and errors build their envelope themselves and mark
    the response as `enveloped`.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if (
            response is not None
            and data is not None
            and not getattr(response, "enveloped", False)
        ):
            data = {"data": data}
        return super().render(data, accepted_media_type, renderer_context)
