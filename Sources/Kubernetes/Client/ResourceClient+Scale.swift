extension ResourceClient where Object == Deployment {
    /// Reads the `/scale` subresource of the Deployment `name`.
    public func getScale(_ name: String) async throws -> Scale {
        do {
            return Scale(json: try await transport.send(.GET, objectPath(name) + "/scale"))
        } catch let error as KubernetesError where error.statusCode == 404 || error.statusCode == 405 {
            return Scale(json: try await get(name).json)
        }
    }

    /// Sets the number of replicas of the Deployment `name` through its `/scale` subresource,
    /// which needs only the `deployments/scale` permission and does not touch the template.
    ///
    /// When the server does not serve the subresource (404 or 405), the client patches
    /// `spec.replicas` of the Deployment instead; a Deployment that really is missing still
    /// ends in `NotFound`. kmock serves `/scale` as the Deployment itself, which comes to the
    /// same thing for `spec.replicas`.
    @discardableResult
    public func scale(_ name: String, replicas: Int) async throws -> Scale {
        let patch: JSONValue = ["spec": ["replicas": .integer(Int64(replicas))]]
        do {
            return Scale(
                json: try await transport.send(
                    .PATCH, objectPath(name) + "/scale", body: patch, contentType: PatchType.merge.rawValue))
        } catch let error as KubernetesError where error.statusCode == 404 || error.statusCode == 405 {
            return Scale(json: try await self.patch(name, patch).json)
        }
    }
}
