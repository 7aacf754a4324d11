"""Crisis response: requests for assistance, consultations, decisions, offers, deployments,
deliveries, the gap between them, and one timeline per crisis."""
