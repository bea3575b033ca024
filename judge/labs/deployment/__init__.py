"""Deployment: fleets of serving replicas under the judged autoscalers, and canary rollouts
under the judged guardrails."""
