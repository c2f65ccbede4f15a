"""What the console needs at run time, built once per API process with the other services."""

from __future__ import annotations

from dataclasses import dataclass

from api.console.policy_trial import PolicyTrials
from api.console.signin import SessionTimes, SignIn
from api.console.throttle import SignInThrottle


@dataclass
class ConsoleState:
    """Sign-in steps, session lengths, the sign-in throttle and the policy editor's engine."""

    sign_in: SignIn
    times: SessionTimes
    throttle: SignInThrottle
    policy_trials: PolicyTrials
