import FortuneDaemon

/// `fortuned`: the command lives in the FortuneDaemon library, so other commands can embed it.
@main
extension FortuneDaemon {}
