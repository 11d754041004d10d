/**
 * Groundwork for peer review (docs/programme-rules.md, "Peer review"): conflict-of-interest rules that explain themselves,
 * and a random but reproducible draw of reviewers. Pure Java: no Spring, no database, no Camunda.
 */
package org.kcyj.review.draw;
