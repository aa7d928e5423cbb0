/// How a ``ReservationStoreService`` behaves.
public struct ReservationStoreConfiguration: Sendable {
    /// The longest a `Poll` waits for something to arrive (the call's deadline may cut it shorter).
    public var maxPollWait: Duration = .seconds(20)
    /// The most reservations one `Poll` returns.
    public var maxPollBatch = 100
    /// How long after signalling a delete or an expiry the store signals it again while the
    /// node has not confirmed it with `Deleted`.
    public var redeliverUnconfirmedAfter: Duration = .seconds(60)
    /// How often the store looks for reservations that have expired.
    public var expirySweepInterval: Duration = .seconds(1)
    /// How far a reservation's `Created` may be from the store's clock.
    public var maxClockSkew: Duration = .seconds(600)
    /// The most IDs one `Allocate` hands out.
    public var maxWorkloadsPerReservation: UInt32 = 100
    /// The most IDs allocated and not yet used; older ones are dropped beyond it.
    public var maxOutstandingAllocations = 100_000

    /// The defaults above.
    public init() {}
}
