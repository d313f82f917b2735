/** The paper's SLQC statements, checked numerically in double (docs/MATH.md §1–2, §6). */
module dante.proofs {
    requires dante.core;
    requires net.jqwik.api;
    exports dante.proofs;
}
