import Testing

@testable import Kubernetes

@Suite("API errors")
struct KubernetesErrorTests {
    @Test func realServerStatusWithCauses() {
        let body = """
            {"kind":"Status","apiVersion":"v1","status":"Failure","code":422,"reason":"Invalid",
             "message":"Deployment.apps \\"BAD\\" is invalid",
             "details":{"name":"BAD","kind":"Deployment","causes":[
               {"reason":"FieldValueInvalid","message":"Invalid value: \\"BAD\\": a lowercase RFC 1123 subdomain","field":"metadata.name"},
               {"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]}}
            """
        let error = KubernetesError(statusCode: 422, body: Array(body.utf8), method: "POST", path: "/apis/apps/v1/x")
        #expect(error.reason == .invalid)
        #expect(error.serverReason == "Invalid")
        #expect(error.causes.map(\.field) == ["metadata.name", "spec.replicas"])
        #expect(error.description.contains("spec.replicas: Invalid value: -1"))
    }

    @Test(arguments: [
        (409, "POST", KubernetesError.Reason.alreadyExists), (409, "PUT", .conflict), (404, "GET", .notFound),
        (403, "GET", .forbidden), (401, "GET", .unauthorized), (415, "PATCH", .unsupportedMediaType),
    ])
    func kmockPhrasesBecomeAPIReasons(code: Int, method: String, reason: KubernetesError.Reason) {
        let body = #"{"kind":"Status","code":\#(code),"reason":"Object Already Exists","message":"m"}"#
        let error = KubernetesError(statusCode: code, body: Array(body.utf8), method: method, path: "/p")
        #expect(error.reason == reason)
        #expect(error.serverReason == "Object Already Exists")
        #expect(error.message == "m")
    }

    @Test func nonStatusBodyIsTruncated() {
        let body = Array(("Traceback (most recent call last):\n" + String(repeating: "x", count: 2000)).utf8)
        let error = KubernetesError(statusCode: 500, body: body, method: "GET", path: "/api/v1/pods")
        #expect(error.reason == .internalError)
        #expect(error.message.hasPrefix("Traceback"))
        #expect(error.message.count < 600)
        #expect(error.message.contains("2035 bytes"))
        #expect(error.description.hasPrefix("GET /api/v1/pods: 500 InternalError: Traceback"))
    }

    @Test func mergePatchDiffRemovesAndReplaces() {
        let old: JSONValue = ["a": 1, "b": ["c": 2, "d": 3], "e": [1, 2], "gone": "x"]
        let new: JSONValue = ["a": 1, "b": ["c": 5, "d": 3], "e": [1], "added": true]
        #expect(MergePatch.diff(from: old, to: new) == ["b": ["c": 5], "e": [1], "gone": .null, "added": true])
        #expect(MergePatch.diff(from: old, to: old) == nil)
    }
}
