"""The error body of the Domain API (and of STS), as the emulator answers it."""

HOST_ID = "domain.aliyuncs.com"


def error_body(request_id, code, message, host_id=HOST_ID):
    return {"RequestId": request_id, "HostId": host_id, "Code": code, "Message": message,
            "Recommend": "https://api.aliyun.com/troubleshoot?q=%s&product=Domain" % code}
