/**
 * Terraform plans as {@code terraform show -json plan.tfplan} writes them (Terraform's JSON output format, major
 * version 1), read offline into the model.
 *
 * <p>Entry point: {@link dev.nsgaudit.load.terraform.TerraformPlanLoader}. It reads the azurerm resources of
 * {@code planned_values} (root and child modules) or, for the state before the plan, of {@code prior_state}.
 * Values Terraform knows only after apply ({@code after_unknown}) are never guessed: an id left unknown is
 * resolved from the plan's {@code configuration} only when the expression's {@code references} name exactly one
 * resource instance ({@link dev.nsgaudit.load.terraform.ConfigReferences}); everything else becomes an
 * {@code unresolved-value} at the resource's address.
 */
package dev.nsgaudit.load.terraform;
