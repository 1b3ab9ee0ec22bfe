"""A small, consistent results section for the results rules' tests."""

from __future__ import annotations

from typing import Any


def _stats(**counts: int) -> list[dict[str, str]]:
    return [{"groupId": group, "numSubjects": str(count)} for group, count in counts.items()]


def results_section() -> dict[str, Any]:
    return {
        "participantFlowModule": {
            "groups": [{"id": "FG000", "title": "Aspirin"}, {"id": "FG001", "title": "Placebo"}],
            "periods": [
                {
                    "title": "Overall Study",
                    "milestones": [
                        {"type": "STARTED", "achievements": _stats(FG000=60, FG001=60)},
                        {"type": "COMPLETED", "achievements": _stats(FG000=55, FG001=58)},
                        {"type": "NOT COMPLETED", "achievements": _stats(FG000=5, FG001=2)},
                    ],
                    "dropWithdraws": [
                        {"type": "Lost to Follow-up", "reasons": _stats(FG000=3, FG001=2)},
                        {"type": "Adverse Event", "reasons": _stats(FG000=2, FG001=0)},
                    ],
                }
            ],
        },
        "outcomeMeasuresModule": {
            "outcomeMeasures": [
                {
                    "type": "PRIMARY",
                    "title": "Death or reinfarction",
                    "timeFrame": "12 months",
                    "groups": [{"id": "OG000", "title": "Aspirin"}, {"id": "OG001", "title": "Placebo"}],
                    "denoms": [{"units": "Participants", "counts": [{"groupId": "OG000", "value": "55"}]}],
                    "classes": [
                        {
                            "categories": [
                                {
                                    "measurements": [
                                        {"groupId": "OG000", "value": "4"},
                                        {"groupId": "OG001", "value": "9"},
                                    ]
                                }
                            ]
                        }
                    ],
                    "analyses": [{"groupIds": ["OG000", "OG001"], "pValue": "0.04"}],
                }
            ]
        },
        "adverseEventsModule": {
            "eventGroups": [
                {"id": "EG000", "title": "Aspirin", "seriousNumAffected": 3, "seriousNumAtRisk": 60},
                {"id": "EG001", "title": "Placebo", "seriousNumAffected": 2, "seriousNumAtRisk": 60},
            ],
            "seriousEvents": [
                {
                    "term": "Bleeding",
                    "stats": [
                        {"groupId": "EG000", "numEvents": 3, "numAffected": 3, "numAtRisk": 60},
                        {"groupId": "EG001", "numEvents": 2, "numAffected": 2, "numAtRisk": 60},
                    ],
                }
            ],
        },
    }
