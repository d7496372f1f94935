/// A ``BoxSchedule`` read as its four phases, so a kernel can replay it with straight loops
/// instead of looking up and branching on every step.
///
/// The reference's running sum along a line goes through, in order:
/// 1. `accumulate`: add samples 0, 1, ... without writing (the window's first half);
/// 2. `grow`: keep adding samples, writing after each (the window is still growing);
/// 3. `full`: add the sample entering and subtract the one leaving, writing after each;
/// 4. `shrink`: subtract the samples leaving, writing after each.
/// Samples enter and leave in index order, and output `k` is written at the `k`-th writing
/// step, so the counts and each output's divisor say everything the steps say.
struct BoxPhases {
    let accumulate: Int
    let grow: Int
    let full: Int
    let shrink: Int
    /// The divisor of each output, in output order.
    let divisors: [Float]
    /// The divisor of every output of the `full` phase (0 if there are none).
    let fullDivisor: Float

    /// Reads the phases off `schedule`'s steps, checking that the steps have exactly the
    /// shape above (a schedule of any other shape is a programming error).
    init(_ schedule: BoxSchedule) {
        var counts = [0, 0, 0, 0]
        var divisors: [Float] = []
        divisors.reserveCapacity(schedule.steps.count)
        var fullDivisor: Float = 0
        var phase = 0, right: Int32 = 0, left: Int32 = 0
        for step in schedule.steps {
            let stepPhase: Int
            if step.add >= 0 && step.subtract < 0 {
                stepPhase = step.output < 0 ? 0 : 1
            } else if step.add >= 0 {
                stepPhase = 2
            } else {
                stepPhase = 3
            }
            precondition(stepPhase >= phase, "box schedule phases out of order")
            phase = stepPhase
            counts[phase] += 1
            if step.add >= 0 {
                precondition(step.add == right, "box schedule adds out of order")
                right += 1
            }
            if step.subtract >= 0 {
                precondition(step.subtract == left, "box schedule subtracts out of order")
                left += 1
            }
            if step.output >= 0 {
                precondition(Int(step.output) == divisors.count, "box schedule outputs out of order")
                divisors.append(step.divisor)
                if phase == 2 {
                    precondition(counts[2] == 1 || step.divisor == fullDivisor, "box schedule full-window divisor varies")
                    fullDivisor = step.divisor
                }
            }
        }
        (accumulate, grow, full, shrink) = (counts[0], counts[1], counts[2], counts[3])
        self.divisors = divisors
        self.fullDivisor = fullDivisor
    }
}
