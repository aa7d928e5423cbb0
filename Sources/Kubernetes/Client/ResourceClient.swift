/// The operations on one kind of object in one namespace (or cluster-wide for cluster-scoped
/// kinds). One implementation serves every ``KubernetesObject`` type.
///
/// Get one from a ``KubernetesClient``, e.g. `client.deployments(namespace: "prod")`.
public struct ResourceClient<Object: KubernetesObject>: Sendable {
    let transport: HTTPTransport

    /// The namespace the handle works in; `nil` for cluster-scoped kinds.
    public let namespace: String?

    init(transport: HTTPTransport, namespace: String?) {
        self.transport = transport
        self.namespace = namespace
    }

    var collectionPath: String { Object.resourceType.collectionPath(namespace: namespace) }

    func objectPath(_ name: String) -> String { Object.resourceType.objectPath(namespace: namespace, name: name) }

    /// Creates `object` and returns it as stored.
    ///
    /// `metadata.namespace` is set to the handle's namespace when missing, as kubectl does (kmock
    /// needs it to report the object to watchers of the namespace).
    ///
    /// A real API server answers 201 with defaults filled in; kmock answers 200 with the object
    /// as sent. Both are accepted.
    ///
    /// - Throws: ``KubernetesError`` with reason `AlreadyExists` when the name is taken,
    ///   `Invalid` (with ``KubernetesError/causes``) when the server rejects the object.
    public func create(_ object: Object) async throws -> Object {
        var object = object
        object.fillTypeMeta()
        object.fillNamespace(namespace)
        return decode(try await transport.send(.POST, collectionPath, body: object.json))
    }

    /// Reads the object `name`.
    ///
    /// - Throws: ``KubernetesError`` with reason `NotFound` when there is none.
    public func get(_ name: String) async throws -> Object {
        decode(try await transport.send(.GET, objectPath(name)))
    }

    /// Reads the object `name`, or returns `nil` when there is none.
    public func getIfPresent(_ name: String) async throws -> Object? {
        do {
            return try await get(name)
        } catch let error as KubernetesError where error.reason == .notFound {
            return nil
        }
    }

    /// Lists the objects, following `continue` tokens page by page.
    ///
    /// - Parameters:
    ///   - labelSelector: Sent to the server and applied again to the result, because kmock
    ///     ignores it (a no-op for a real server).
    ///   - fieldSelector: Sent to the server only, e.g. `metadata.name=web` or
    ///     `involvedObject.name=web` for Events (kmock ignores it).
    public func list(
        labelSelector: LabelSelector? = nil, fieldSelector: String? = nil
    ) async throws -> ObjectList<Object> {
        var query: [(String, String)] = [("limit", String(Self.pageSize))]
        if let labelSelector, !labelSelector.requirements.isEmpty {
            query.append(("labelSelector", labelSelector.description))
        }
        if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }

        var items: [Object] = []
        var resourceVersion: String?
        var continueToken: String?
        for _ in 0..<Self.maximumPages {
            let page = try await transport.send(
                .GET, collectionPath, query: query + (continueToken.map { [("continue", $0)] } ?? []))
            items += (page["items"]?.arrayValue ?? []).map(decode)
            resourceVersion = page[path: "metadata", "resourceVersion"]?.stringValue
            continueToken = page[path: "metadata", "continue"]?.stringValue
            if continueToken?.isEmpty ?? true { break }
        }
        if let labelSelector {
            items = items.filter { labelSelector.matches($0.labels) }
        }
        return ObjectList(items: items, resourceVersion: resourceVersion)
    }

    /// Replaces the stored object with `object` (HTTP PUT).
    ///
    /// Send the object as read, changed: a real server rejects it with `Conflict` when its
    /// `metadata.resourceVersion` is stale.
    ///
    /// kmock has no PUT. When the server answers 404 or 405 to the PUT but the object can be
    /// read, the client instead sends the merge patch that turns the stored object into
    /// `object` (fields missing from `object` are removed with `null`), after checking
    /// `resourceVersion` itself when both carry one.
    public func replace(_ object: Object) async throws -> Object {
        guard let name = object.name else {
            throw KubernetesError(
                statusCode: 0, reason: .invalid, message: "the object to replace has no metadata.name",
                method: "PUT", path: collectionPath)
        }
        var object = object
        object.fillTypeMeta()
        object.fillNamespace(namespace)
        do {
            return decode(try await transport.send(.PUT, objectPath(name), body: object.json))
        } catch let error as KubernetesError where error.statusCode == 404 || error.statusCode == 405 {
            guard let current = try? await get(name) else { throw error }
            return try await replaceByPatch(current: current, desired: object, name: name)
        }
    }

    private func replaceByPatch(current: Object, desired: Object, name: String) async throws -> Object {
        if let expected = desired.resourceVersion, let stored = current.resourceVersion, expected != stored {
            throw KubernetesError(
                statusCode: 409, reason: .conflict,
                message: "the object has been modified (resourceVersion \(stored), not \(expected))",
                method: "PUT", path: objectPath(name))
        }
        guard let patch = MergePatch.diff(from: current.json, to: desired.json) else { return current }
        return try await self.patch(name, patch, type: .merge)
    }

    /// Patches the object `name`; with the default `.merge`, `patch` is an RFC 7386 merge patch
    /// (`null` removes a field), sent as `application/merge-patch+json`.
    public func patch(_ name: String, _ patch: JSONValue, type: PatchType = .merge) async throws -> Object {
        decode(try await transport.send(.PATCH, objectPath(name), body: patch, contentType: type.rawValue))
    }

    /// Deletes the object `name`.
    ///
    /// - Parameter propagationPolicy: What happens to the objects it owns; the server's default
    ///   (background for most kinds) when `nil`.
    /// - Throws: ``KubernetesError`` with reason `NotFound` when there is none.
    public func delete(_ name: String, propagationPolicy: PropagationPolicy? = nil) async throws {
        var options: JSONValue = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let propagationPolicy { options["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        _ = try await transport.send(.DELETE, objectPath(name), body: options)
    }

    /// An object as received: `apiVersion` and `kind` filled in when missing (list items of a
    /// real server), and `metadata.namespace` when missing (kmock).
    func decode(_ json: JSONValue) -> Object {
        var object = Object(json: json)
        object.fillTypeMeta()
        if object.name != nil { object.fillNamespace(namespace) }
        return object
    }

    /// Objects asked for per page of a list.
    static var pageSize: Int { 500 }
    /// The most pages a list follows (500 000 objects).
    static var maximumPages: Int { 1000 }
}
