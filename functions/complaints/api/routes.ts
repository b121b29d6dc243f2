// SKELETON: replaced by the API work (every route contract) before this lands.
export const complaintRoutes = {};
